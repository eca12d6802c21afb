import { apiGatewaySettings } from '../../svc/api-gateway-service/config';
import { linkCheckerSettings } from '../../svc/link-checker/config';
import { linkServiceSettings } from '../../svc/link-service/config';
import { newsServiceSettings } from '../../svc/news-service/config';
import { socialGraphServiceSettings } from '../../svc/social-graph-service/config';
import { userServiceSettings } from '../../svc/user-service/config';

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

/** A port setting of a service's config.ts; parsing nothing gives its default. */
interface PortSetting {
  parse(value: undefined): number;
}

/** The port that serves /healthz, as the service's own config.ts defaults it (news: its admin port). */
function healthPortOf(settings: { PORT: PortSetting; ADMIN_PORT?: PortSetting }): number {
  return (settings.ADMIN_PORT ?? settings.PORT).parse(undefined);
}

const NO_SECRETS = { CALLER_AUTH_DISABLED: 'true' };

export const SERVICE_IMAGES: ServiceImage[] = [
  // No caller-tokens or user proof key Secrets are mounted here: the check only starts each image.
  { name: 'link-service', healthPort: healthPortOf(linkServiceSettings), env: NO_SECRETS, migrate: true },
  { name: 'user-service', healthPort: healthPortOf(userServiceSettings), env: NO_SECRETS, migrate: true },
  {
    name: 'social-graph-service',
    healthPort: healthPortOf(socialGraphServiceSettings),
    env: NO_SECRETS,
    migrate: true,
  },
  {
    name: 'news-service',
    healthPort: healthPortOf(newsServiceSettings),
    // SOCIAL_GRAPH_URL is required but only called on a link event; nothing listens on port 9.
    env: { SOCIAL_GRAPH_URL: 'http://127.0.0.1:9', ...NO_SECRETS },
    migrate: false,
  },
  { name: 'link-checker', healthPort: healthPortOf(linkCheckerSettings), env: {}, migrate: false },
  { name: 'api-gateway-service', healthPort: healthPortOf(apiGatewaySettings), env: {}, migrate: false },
];

export const imageTag = (service: string): string => `delinkcious/${service}:check`;
export const containerName = (service: string): string => `delinkcious-images-check-${service}`;
export const migrateContainerName = (service: string): string => `${containerName(service)}-migrate`;
