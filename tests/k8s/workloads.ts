import type { K8sObject } from './manifests';

export interface Container {
  name: string;
  image: string;
  command?: string[];
  ports?: Array<{ name?: string; containerPort: number }>;
  env?: Array<{ name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }>;
  envFrom?: Array<{ configMapRef?: { name: string } }>;
  volumeMounts?: Array<{ name: string; mountPath: string }>;
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: {
    runAsNonRoot?: boolean;
    allowPrivilegeEscalation?: boolean;
    readOnlyRootFilesystem?: boolean;
    capabilities?: { drop?: string[]; add?: string[] };
  };
}

export interface Probe {
  httpGet?: { path: string; port: string | number };
  exec?: { command: string[] };
}

export interface PodSpec {
  serviceAccountName?: string;
  automountServiceAccountToken?: boolean;
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number; seccompProfile?: { type: string } };
  initContainers?: Container[];
  containers: Container[];
  volumes?: Array<{
    name: string;
    secret?: { secretName: string; items?: Array<{ key: string; path: string }> };
    configMap?: { name: string };
  }>;
}

export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'CronJob'];

export function workloads(objects: K8sObject[]): K8sObject[] {
  return objects.filter((object) => WORKLOAD_KINDS.includes(object.kind));
}

interface PodTemplate {
  metadata: { labels: Record<string, string> };
  spec: PodSpec;
}

/** The pod template of a Deployment or StatefulSet, or of the Jobs a CronJob creates. */
function podTemplate(workload: K8sObject): PodTemplate {
  const spec = workload.spec as { template?: PodTemplate; jobTemplate?: { spec: { template: PodTemplate } } };
  return spec.jobTemplate ? spec.jobTemplate.spec.template : spec.template!;
}

export function podSpec(workload: K8sObject): PodSpec {
  return podTemplate(workload).spec;
}

export function podLabels(workload: K8sObject): Record<string, string> {
  return podTemplate(workload).metadata.labels;
}

/** The value the manifests select pods by. */
export function appName(workload: K8sObject): string {
  return podLabels(workload)['app.kubernetes.io/name'];
}
