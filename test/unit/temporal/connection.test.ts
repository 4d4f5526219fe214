import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { resolveTemporalTarget, TemporalProfileInvalidError } from '../../../src/temporal/connection.ts';
import { newCodecKey } from '../../../src/temporal/payload-codec.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'ist-envconfig-'));
const file = (name: string, text: string) => {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
};
// A HOME without ~/.config/temporalio, so the machine's own profile file cannot leak into the test.
const base = { HOME: dir };

describe('Temporal connection from envconfig profiles', () => {
  it('when nothing is set, then the local dev server without TLS and payloads plain', () => {
    const t = resolveTemporalTarget(base);
    assert.deepEqual([t.address, t.namespace, t.connectionOptions.tls, t.connectionOptions.apiKey, t.payloads.encrypted], ['127.0.0.1:7233', 'default', undefined, undefined, false]);
  });

  it('when TEMPORAL_ADDRESS and TEMPORAL_NAMESPACE are set, then they are used as before, and flags win over them', () => {
    const t = resolveTemporalTarget({ ...base, TEMPORAL_ADDRESS: 'temporal.internal:7233', TEMPORAL_NAMESPACE: 'ist' });
    assert.deepEqual([t.address, t.namespace], ['temporal.internal:7233', 'ist']);
    assert.equal(resolveTemporalTarget({ ...base, TEMPORAL_ADDRESS: 'a:1' }, { address: 'b:2', namespace: 'n' }).address, 'b:2');
  });

  it('when a Temporal Cloud profile with an API key from a secret file is chosen, then TLS is on and the key is used', () => {
    const config = file('cloud.toml', '[profile.cloud]\naddress = "eu-west-1.aws.api.temporal.io:7233"\nnamespace = "ist.a1b2c"\n');
    const key = file('api-key', 'secret-api-key\n');
    const t = resolveTemporalTarget({ ...base, TEMPORAL_CONFIG_FILE: config, TEMPORAL_PROFILE: 'cloud', TEMPORAL_API_KEY_FILE: key, PAYLOAD_CODEC_KEYS: newCodecKey('k1') });
    assert.deepEqual([t.address, t.namespace, t.connectionOptions.apiKey, t.connectionOptions.tls, t.payloads.encrypted, t.payloads.keyId], ['eu-west-1.aws.api.temporal.io:7233', 'ist.a1b2c', 'secret-api-key', true, true, 'k1']);
  });

  it('when a self-hosted mTLS profile names certificate files, then the client certificate pair and CA are loaded', () => {
    const crt = file('client.pem', '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const keyFile = file('client.key', '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n');
    const config = file('mtls.toml', `[profile.prod]\naddress = "temporal.skola.se:7233"\nnamespace = "ist-export"\n[profile.prod.tls]\nclient_cert_path = "${crt}"\nclient_key_path = "${keyFile}"\nserver_ca_cert_path = "${crt}"\nserver_name = "temporal.skola.se"\n`);
    const t = resolveTemporalTarget({ ...base, TEMPORAL_CONFIG_FILE: config, TEMPORAL_PROFILE: 'prod' });
    const tls = t.connectionOptions.tls as { clientCertPair?: { crt: Buffer; key: Buffer }; serverNameOverride?: string; serverRootCACertificate?: Buffer };
    assert.equal(tls.serverNameOverride, 'temporal.skola.se');
    assert.match(Buffer.from(tls.clientCertPair!.key).toString(), /PRIVATE KEY/);
    assert.ok(tls.serverRootCACertificate);
  });

  it('when the named profile is not in the file, then a named error says which', () => {
    const config = file('empty.toml', '[profile.other]\naddress = "x:1"\n');
    assert.throws(() => resolveTemporalTarget({ ...base, TEMPORAL_CONFIG_FILE: config, TEMPORAL_PROFILE: 'missing' }), (err: unknown) => err instanceof TemporalProfileInvalidError && /missing/.test(err.message));
  });
});
