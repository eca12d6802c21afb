/**
 * The Helm charts a cluster needs before Argo CD takes over, pinned so that every
 * bootstrap installs the same thing. Bump them on purpose, after reading the release notes.
 */
export interface PinnedChart {
  repoName: string;
  repoUrl: string;
  chart: string;
  version: string;
  release: string;
  namespace: string;
}

/** argo-helm's argo-cd chart 9.5.4 (published April 2026): https://github.com/argoproj/argo-helm/releases */
export const ARGO_CD_CHART: PinnedChart = {
  repoName: 'argo',
  repoUrl: 'https://argoproj.github.io/argo-helm',
  chart: 'argo/argo-cd',
  version: '9.5.4',
  release: 'argocd',
  namespace: 'argocd',
};

/**
 * kube-prometheus-stack 85.1.3 (published May 2026): https://github.com/prometheus-community/helm-charts/releases
 * It brings the Prometheus operator, whose ServiceMonitor and PrometheusRule CRDs the manifests use.
 */
export const MONITORING_CHART: PinnedChart = {
  repoName: 'prometheus-community',
  repoUrl: 'https://prometheus-community.github.io/helm-charts',
  chart: 'prometheus-community/kube-prometheus-stack',
  version: '85.1.3',
  release: 'monitoring',
  namespace: 'monitoring',
};

/** Helm's default (5 minutes) is short for a first pull of every image on a laptop. */
export const HELM_TIMEOUT = '10m';
