/** One image target of docker/Dockerfile and how to start it alone, with no servers around it. */
export interface ServiceImage {
  /** = svc/ folder = Dockerfile target = image name delinkcious/<name>. */
  name: string;
  /** The port that answers /healthz. */
  healthPort: number;
  /** What it needs to start without Postgres, Redis, NATS or the other services. */
  env: Record<string, string>;
  /** The image also carries dist/cmd/migrate (the init container's command). */
  migrate: boolean;
}

export const SERVICE_IMAGES: ServiceImage[] = [
  { name: 'link-service', healthPort: 8080, env: {}, migrate: true },
  { name: 'user-service', healthPort: 7070, env: {}, migrate: true },
  // No caller-tokens Secret mounted here.
  { name: 'social-graph-service', healthPort: 9090, env: { CALLER_AUTH_DISABLED: 'true' }, migrate: true },
  // SOCIAL_GRAPH_URL is required but only called on a link event; nothing listens on port 9.
  { name: 'news-service', healthPort: 6061, env: { SOCIAL_GRAPH_URL: 'http://127.0.0.1:9' }, migrate: false },
  { name: 'link-checker', healthPort: 8081, env: {}, migrate: false },
  { name: 'api-gateway-service', healthPort: 5000, env: {}, migrate: false },
];

export const imageTag = (service: string): string => `delinkcious/${service}:check`;
export const containerName = (service: string): string => `delinkcious-images-check-${service}`;
export const migrateContainerName = (service: string): string => `${containerName(service)}-migrate`;
