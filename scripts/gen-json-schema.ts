// Writes the published model's JSON Schema into schema/model-v<N>.schema.json (run after changing src/model).
//   npx tsx scripts/gen-json-schema.ts
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { modelJsonSchemaText, modelSchemaPath } from '../src/model/json-schema.ts';

const file = path.join(import.meta.dirname, '..', modelSchemaPath());
writeFileSync(file, modelJsonSchemaText());
console.log(`wrote ${path.relative(process.cwd(), file)}`);
