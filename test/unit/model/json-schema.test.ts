import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { mapCustomer } from '../../../src/map/index.ts';
import { MODEL_VERSION } from '../../../src/model/entities.ts';
import { modelJsonSchema, modelJsonSchemaText, modelSchemaPath } from '../../../src/model/json-schema.ts';
import { RUN_DATE, sampleRecords } from '../../fixtures/ist-records.ts';

const committed = path.join(import.meta.dirname, '../../..', modelSchemaPath());

describe('the model JSON Schema', () => {
  it('when the committed schema file is compared with the zod model, then it is up to date (else run npx tsx scripts/gen-json-schema.ts)', () => {
    assert.equal(readFileSync(committed, 'utf8'), modelJsonSchemaText());
  });

  it('when mapped entities are checked against the JSON Schema, then each passes, and an off-model entity fails', () => {
    const ajv = new Ajv2020({ strict: false });
    ajv.addSchema(modelJsonSchema(), 'model');
    const { entities } = mapCustomer(sampleRecords(), { window: { runDate: RUN_DATE, lookAheadDays: 0 }, emailRequired: false, forwardCivicNo: true });
    for (const e of entities) {
      const validate = ajv.getSchema(`model#/$defs/${e.type}`)!;
      assert.equal(validate(e.content), true, `${e.type} ${e.id}: ${JSON.stringify(validate.errors)}`);
    }
    const person = entities.find((e) => e.type === 'person')!.content;
    assert.equal(ajv.getSchema('model#/$defs/person')!({ ...person, address: 'Storgatan 1' }), false, 'no field outside the model');
  });

  it('when the model version is read, then the schema file is named after it', () => {
    assert.equal(modelSchemaPath(), `schema/model-v${MODEL_VERSION}.schema.json`);
    assert.equal(modelJsonSchema().modelVersion, MODEL_VERSION);
  });
});
