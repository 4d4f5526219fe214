import { checkCivicNo, type CivicNoCheck } from './civic-no.ts';
import { requireCivicNoCipher, type CivicNoCipher } from './civic-no-cipher.ts';

// Raw IST person records are staged in the store until the run ends. Before a page is stored, each
// personnummer is replaced by a token that says what kind of number it was (for the data-quality report)
// and, only for customers that forward personnummer, carries it AES-256-GCM encrypted:
//   civicno:v1:<check>                  (forwardCivicNo false: the number itself is gone)
//   civicno:v1:<check>:civicno-enc:v1:… (forwardCivicNo true)

const STAGED_PREFIX = 'civicno:v1:';

export interface StagedCivicNo {
  check: CivicNoCheck;
  /** The encrypted number (forwarding customers), else undefined. */
  encrypted?: string;
}

/**
 * Replace `civicNo.value` of staged person records; other resources pass through unchanged. Forwarding
 * customers need CIVICNO_KEY in the worker's environment (CivicNoKeyMissingError otherwise).
 */
export function protectStagedRecords(resource: string, records: unknown[], forwardCivicNo: boolean, env: NodeJS.ProcessEnv = process.env): unknown[] {
  if (resource !== 'persons') return records;
  const cipher = forwardCivicNo ? requireCivicNoCipher(env) : undefined;
  return records.map((record) => protectPerson(record, cipher));
}

function protectPerson(record: unknown, cipher: CivicNoCipher | undefined): unknown {
  const civicNo = (record as { civicNo?: { value?: unknown } }).civicNo;
  if (!civicNo || typeof civicNo.value !== 'string' || civicNo.value.startsWith(STAGED_PREFIX)) return record;
  const value = civicNo.value;
  const token = `${STAGED_PREFIX}${checkCivicNo(value)}${cipher ? `:${cipher.encrypt(value)}` : ''}`;
  return { ...(record as object), civicNo: { ...civicNo, value: token } };
}

/**
 * What the mapping knows of a civic number: from a staged token, or from a raw value (records that did
 * not pass through staging, e.g. tests). A raw value is returned in clear only as `clear`.
 */
export function readCivicNo(value: string): StagedCivicNo & { clear?: string } {
  if (value.startsWith(STAGED_PREFIX)) {
    const rest = value.slice(STAGED_PREFIX.length);
    const colon = rest.indexOf(':');
    if (colon < 0) return { check: rest as CivicNoCheck };
    return { check: rest.slice(0, colon) as CivicNoCheck, encrypted: rest.slice(colon + 1) };
  }
  return { check: checkCivicNo(value), clear: value };
}
