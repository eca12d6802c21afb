/** What to do once the cluster is up: where the gateway and the Argo CD UI are. */
export function howToReach(): string[] {
  return [
    'Reach the gateway:',
    '  minikube service api-gateway-service -n delinkcious --url',
    '  or through the ingress at http://delinkcious.local, after:',
    '  echo "$(minikube ip) delinkcious.local" | sudo tee -a /etc/hosts',
    'Check it end to end:',
    '  npm run smoke-test -- --gateway http://delinkcious.local --dev-login smoke',
    'Argo CD UI at https://localhost:8443 (user admin):',
    '  kubectl -n argocd port-forward svc/argocd-server 8443:443',
    "  kubectl -n argocd get secret argocd-initial-admin-secret -o jsonpath='{.data.password}' | base64 -d",
  ];
}
