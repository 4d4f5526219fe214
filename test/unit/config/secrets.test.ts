import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { readSecret, SecretFileError } from '../../../src/config/secrets.ts';

test('a secret comes from NAME or from the file NAME_FILE names, without its trailing newline', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'secret-'));
  const file = path.join(dir, 's');
  writeFileSync(file, 'from-file\n');
  assert.equal(readSecret('S', { S: 'direct' }), 'direct');
  assert.equal(readSecret('S', { S_FILE: file }), 'from-file');
  assert.equal(readSecret('S', {}), undefined);
  assert.equal(readSecret('S', { S: '' }), undefined);
});

test('both forms set, or an unreadable file, is a named error that never shows the value', () => {
  assert.throws(() => readSecret('S', { S: 'x', S_FILE: '/nonexistent' }), SecretFileError);
  assert.throws(() => readSecret('S', { S_FILE: '/nonexistent/secret' }), (err: Error) => err instanceof SecretFileError && /S_FILE=\/nonexistent\/secret/.test(err.message));
});
