import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { LINK_EVENT_STREAMS } from '../../pkg/object-model';
import { givenOrOwnEventBus, type EventBus } from '../../pkg/events';
import { Closers, createHttpServer, instrument, type ReadinessChecks, type Stop } from '../../pkg/kit';
import { SafeLinkChecker, countVerdicts, perHostSpacing, type LinkChecker } from '../../pkg/link-checker';
import { createMetricsRegistry } from '../../pkg/observability';
import type { LinkCheckerConfig } from './config';
import { linkCheckerRoutes } from './http-routes';
import { consumeLinksToCheck } from './link-event-consumer';

export const LINK_CHECKER = 'link-checker';

export interface LinkCheckerDeps {
  eventBus?: EventBus;
}

export async function createLinkCheckerService(
  config: LinkCheckerConfig,
  logger: Logger,
  deps: LinkCheckerDeps = {},
): Promise<{ app: FastifyInstance; stop: Stop }> {
  if (config.ALLOW_PRIVATE_ADDRESSES) {
    logger.warn('ALLOW_PRIVATE_ADDRESSES=true: the checker may reach loopback and private networks');
  }
  if (config.CALLER_AUTH_DISABLED) logger.warn('CALLER_AUTH_DISABLED=true: anyone may call POST /check');
  const registry = createMetricsRegistry(LINK_CHECKER);
  // Spacing outside the metrics, so call durations measure the check, not the wait for a turn.
  const spacedChecker = perHostSpacing({ intervalMs: config.PER_HOST_INTERVAL_MS })(
    instrument<LinkChecker>(
      new SafeLinkChecker({
        timeoutMs: config.CHECK_TIMEOUT_MS,
        maxRedirects: config.MAX_REDIRECTS,
        allowPrivateAddresses: config.ALLOW_PRIVATE_ADDRESSES,
      }),
      { name: LINK_CHECKER, logger, registry },
    ),
  );
  const checker = countVerdicts(registry)(spacedChecker);
  const readiness: ReadinessChecks = {};
  const closers = new Closers();
  const bus = givenOrOwnEventBus(deps.eventBus, config, {
    streams: LINK_EVENT_STREAMS,
    logger,
    registry,
    closers,
  });
  if (bus) {
    closers.push(
      await consumeLinksToCheck(bus, checker, { concurrency: config.CHECK_CONCURRENCY }),
      (subscription) => subscription.stop(),
    );
    readiness.events = () => bus.ping();
  } else {
    logger.warn('NATS_URL is not set: only the HTTP trigger POST /check is active');
  }

  const app = closers.push(
    createHttpServer({
      logger,
      registry,
      readiness,
      routes: linkCheckerRoutes(checker, config.CALLER_AUTH_DISABLED),
    }),
    (server) => server.close(),
  );
  return { app, stop: closers.closeAll };
}

export async function startLinkCheckerService(config: LinkCheckerConfig, logger: Logger): Promise<Stop> {
  const { app, stop } = await createLinkCheckerService(config, logger);
  await app.listen({ port: config.PORT, host: '0.0.0.0' });
  logger.info({ port: config.PORT, events: config.NATS_URL ? 'nats' : 'none' }, 'link-checker listening');
  return stop;
}
