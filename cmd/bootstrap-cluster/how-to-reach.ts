import type { Environment } from './argocd';

/** What to do once the cluster is up: where the gateway and the Argo CD UI are. */
export function howToReach(options: { direct: boolean; environment: Environment }): string[] {
  if (options.environment === 'production' && options.direct)
    return [
      'The gateway answers on the host of the production Ingress over https once cert-manager has issued',
      'its certificate: kubectl -n delinkcious get certificate api-gateway-service-tls',
    ];
  if (options.environment === 'production')
    return [
      'Production syncs by hand: open the Argo CD UI (below), review the diff of delinkcious-production,',
      'press Sync, then sync each child application as its wave comes up.',
      ...argoCdUi(options.direct),
    ];
  return [
    'Reach the gateway:',
    '  minikube service api-gateway-service -n delinkcious --url',
    '  or through the ingress at http://delinkcious.local, after:',
    '  echo "$(minikube ip) delinkcious.local" | sudo tee -a /etc/hosts',
    '  (docker driver on macOS or Windows: run `minikube tunnel` and use 127.0.0.1 instead of $(minikube ip))',
    'Check it end to end:',
    '  npm run smoke-test -- --gateway http://delinkcious.local --dev-login smoke',
    ...argoCdUi(options.direct),
  ];
}

function argoCdUi(direct: boolean): string[] {
  if (direct) return [];
  return [
    'Argo CD UI at https://localhost:8443 (user admin):',
    '  kubectl -n argocd port-forward svc/argocd-server 8443:443',
    "  kubectl -n argocd get secret argocd-initial-admin-secret -o jsonpath='{.data.password}' | base64 -d",
  ];
}
