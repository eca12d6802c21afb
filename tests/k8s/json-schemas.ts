import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A validator for one of the JSON Schemas of tests/k8s/pinned-schemas: returns the errors
 * (none when valid). `strict: false`: these schemas use keywords ajv does not know.
 */
export function pinnedSchemaValidator(file: string): (data: unknown) => object[] {
  const schema = JSON.parse(readFileSync(join('tests/k8s/pinned-schemas', file), 'utf8')) as object;
  const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
  return (data) => (validate(data) ? [] : (validate.errors ?? [{ message: 'invalid' }]));
}
