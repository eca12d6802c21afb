import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';
import type { K8sObject } from './manifests';

/** CRDs of operators that publish no model package: copies of their own released files. */
export const CRD_SCHEMA_DIRS = [join('tests', 'k8s', 'crds', 'cloudnative-pg-1.30.0')];

interface CustomResourceDefinition {
  kind: string;
  spec: {
    group: string;
    names: { kind: string };
    versions: Array<{ name: string; schema: { openAPIV3Schema: object } }>;
  };
}

/**
 * The API server's structural schemas, checked by Ajv: its `x-kubernetes-*` markers are
 * declared as known keywords (the server enforces them, Ajv need not), and Kubernetes
 * formats such as int32 or quantity are left to the server too.
 */
function compileCrds(dirs: string[]): Map<string, ValidateFunction> {
  const ajv = new Ajv({ allErrors: false, strict: false, validateFormats: false });
  for (const keyword of [
    'x-kubernetes-preserve-unknown-fields',
    'x-kubernetes-int-or-string',
    'x-kubernetes-list-type',
    'x-kubernetes-list-map-keys',
    'x-kubernetes-map-type',
    'x-kubernetes-validations',
    'x-kubernetes-embedded-resource',
  ])
    ajv.addKeyword(keyword);
  const validators = new Map<string, ValidateFunction>();
  for (const dir of dirs)
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.yaml')))
      for (const document of parseAllDocuments(readFileSync(join(dir, file), 'utf8'))) {
        const crd = document.toJS() as CustomResourceDefinition;
        if (crd?.kind !== 'CustomResourceDefinition') continue;
        for (const version of crd.spec.versions)
          validators.set(
            `${crd.spec.group}/${version.name}/${crd.spec.names.kind}`,
            ajv.compile(version.schema.openAPIV3Schema),
          );
      }
  return validators;
}

let validators: Map<string, ValidateFunction> | undefined;

/** undefined when no CRD here defines the kind; '' when valid; else the first error. */
export function crdSchemaError(object: K8sObject): string | undefined {
  validators ??= compileCrds(CRD_SCHEMA_DIRS);
  const validate = validators.get(`${object.apiVersion}/${object.kind}`);
  if (!validate) return undefined;
  if (validate(object)) return '';
  const [error] = validate.errors ?? [];
  return `${error?.instancePath || '/'} ${error?.message ?? 'is invalid'}`;
}
