import * as kubernetes from 'kubernetes-models';
import * as argoCd from '@kubernetes-models/argo-cd';
import * as certManager from '@kubernetes-models/cert-manager';
import * as prometheusOperator from '@kubernetes-models/prometheus-operator';
import * as argoRollouts from '@kubernetes-models/argo-rollouts';
import * as istio from '@kubernetes-models/istio';
import { crdSchemaError } from './crd-schemas';
import type { K8sObject } from './manifests';

interface ModelClass {
  apiVersion: string;
  kind: string;
  new (data: object): { validate(): void };
}

function isModelClass(value: unknown): value is ModelClass {
  return (
    typeof value === 'function' &&
    typeof (value as Partial<ModelClass>).apiVersion === 'string' &&
    typeof (value as Partial<ModelClass>).kind === 'string'
  );
}

/** Every model class of the pinned packages, found by walking their export namespaces. */
function collect(
  namespace: object,
  into: Map<string, ModelClass>,
  seen = new Set<object>(),
): Map<string, ModelClass> {
  if (seen.has(namespace)) return into;
  seen.add(namespace);
  for (const value of Object.values(namespace)) {
    if (isModelClass(value)) into.set(`${value.apiVersion}/${value.kind}`, value);
    else if (value && typeof value === 'object') collect(value as object, into, seen);
  }
  return into;
}

const MODELS = [kubernetes, argoCd, prometheusOperator, certManager, argoRollouts, istio].reduce(
  (models, namespace) => collect(namespace, models),
  new Map<string, ModelClass>(),
);

/**
 * Validates an object against the schema of its apiVersion and kind: Kubernetes (the
 * kubernetes-models release in package-lock.json), Argo CD, cert-manager, the Prometheus
 * operator, Argo Rollouts and Istio CRDs, and CloudNativePG's released CRDs (crd-schemas.ts).
 * Returns the error, or undefined when valid; an unknown kind is an error too.
 */
export function schemaError(object: K8sObject): string | undefined {
  const crdError = crdSchemaError(object);
  if (crdError !== undefined) return crdError || undefined;
  const model = MODELS.get(`${object.apiVersion}/${object.kind}`);
  if (!model) return `no schema for ${object.apiVersion} ${object.kind}`;
  try {
    new model(object).validate();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
