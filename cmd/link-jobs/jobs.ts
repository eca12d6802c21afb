import { z } from 'zod';
import { PgDb } from '../../pkg/db';
import { createEventBus, natsOptionsOf, natsSettings } from '../../pkg/events';
import { ConfigError, loadConfig, setting } from '../../pkg/kit';
import { pruneSentOutbox, requestLinkRechecks } from '../../pkg/link-manager';
import { LINK_EVENT_STREAMS } from '../../pkg/object-model';
import { createLogger, startTracing } from '../../pkg/observability';

const DAY_MS = 24 * 60 * 60 * 1000;

const databaseSettings = {
  DATABASE_URL: setting.url(['postgres', 'postgresql']),
  LOG_LEVEL: setting.logLevel(),
};

export const pruneOutboxSettings = {
  ...databaseSettings,
  /** Sent outbox rows older than this go; the relay never reads a sent row again. */
  OUTBOX_RETENTION_DAYS: z.coerce.number().positive().default(7),
};

export const recheckLinksSettings = {
  ...databaseSettings,
  ...natsSettings,
  // The job exists to publish: without NATS it has nothing to do.
  NATS_URL: setting.url(['nats', 'tls']),
  /** Links not checked for this long are checked again. */
  RECHECK_AFTER_DAYS: z.coerce.number().positive().default(7),
  /** Most re-checks one run requests; the oldest go first, the next run takes the rest. */
  RECHECK_BATCH: setting.positiveInt(1000),
};

/** What one run did, for its log line and for tests. */
export interface JobResult {
  job: string;
  count: number;
}

async function pruneOutbox(env: NodeJS.ProcessEnv, now: Date): Promise<JobResult> {
  const config = loadConfig(pruneOutboxSettings, env);
  const db = new PgDb({ connectionString: config.DATABASE_URL });
  try {
    const sentBefore = new Date(now.getTime() - config.OUTBOX_RETENTION_DAYS * DAY_MS);
    return { job: 'prune-outbox', count: await pruneSentOutbox(db, sentBefore) };
  } finally {
    await db.close();
  }
}

async function recheckLinks(env: NodeJS.ProcessEnv, now: Date): Promise<JobResult> {
  const config = loadConfig(recheckLinksSettings, env);
  const logger = createLogger('recheck-links', config.LOG_LEVEL);
  // Each request it publishes starts a trace the checker continues (OTEL_EXPORTER_OTLP_ENDPOINT).
  const stopTracing = startTracing('link-recheck', env);
  const db = new PgDb({ connectionString: config.DATABASE_URL });
  const bus = createEventBus({ ...natsOptionsOf(config, LINK_EVENT_STREAMS), logger });
  try {
    const count = await requestLinkRechecks(db, bus, {
      checkedBefore: new Date(now.getTime() - config.RECHECK_AFTER_DAYS * DAY_MS),
      limit: config.RECHECK_BATCH,
      now: () => now,
    });
    return { job: 'recheck-links', count };
  } finally {
    await bus.close();
    await db.close();
    await stopTracing();
  }
}

export const LINK_JOBS: Record<string, (env: NodeJS.ProcessEnv, now: Date) => Promise<JobResult>> = {
  'prune-outbox': pruneOutbox,
  'recheck-links': recheckLinks,
};

/** Runs one job by name; a bad name or setting is a ConfigError naming it. */
export async function runLinkJob(
  name: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  now = new Date(),
): Promise<JobResult> {
  const job = name === undefined ? undefined : LINK_JOBS[name];
  if (!job) throw new ConfigError(`usage: link-jobs <${Object.keys(LINK_JOBS).join('|')}>`);
  return job(env, now);
}
