import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';

/** What is wrong with a config file as a whole (the `(file)` problem of its named error). */
export interface FileProblem {
  path: '';
  message: string;
}

/**
 * Read a YAML or JSON config file (YAML is a superset of JSON). A file that cannot be read or parsed
 * is reported through `invalid`, so each file keeps its own named error (customer file, partner file).
 */
export function readYamlFile(file: string, invalid: (problem: FileProblem) => Error): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw invalid({ path: '', message: `cannot read the file (${(err as NodeJS.ErrnoException).code ?? 'error'})` });
  }
  try {
    return parseYaml(text);
  } catch (err) {
    throw invalid({ path: '', message: `not valid YAML/JSON: ${(err as Error).message.split('\n')[0]}` });
  }
}
