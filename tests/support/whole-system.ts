import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { Closers } from '../../pkg/kit';
import { loadApiGatewayConfig } from '../../svc/api-gateway-service/config';
import { createApiGatewayService } from '../../svc/api-gateway-service/server';
import { loadLinkServiceConfig } from '../../svc/link-service/config';
import { createLinkService } from '../../svc/link-service/server';
import { loadNewsServiceConfig } from '../../svc/news-service/config';
import { createNewsService } from '../../svc/news-service/server';
import { loadSocialGraphServiceConfig } from '../../svc/social-graph-service/config';
import { createSocialGraphService } from '../../svc/social-graph-service/server';
import { loadUserServiceConfig } from '../../svc/user-service/config';
import { createUserService } from '../../svc/user-service/server';
import { createTestDatabase } from './postgres';
import { testLogger } from './silent-logger';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * The gateway in front of the real services, all in this process: the link, user and
 * social graph services on databases of their own in the real Postgres, the news service
 * on the real Redis under a private prefix, each reached over its own transport (HTTP,
 * gRPC) with caller tokens, as deployed. `stop` closes everything and removes the data.
 */
export async function startWholeSystem(
  gatewayEnv: Record<string, string> = {},
): Promise<{ gateway: string; stop(): Promise<void> }> {
  const closers = new Closers();
  const serve = async (app: { listen(o: { port: number; host: string }): Promise<string> }) =>
    app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const dir = closers.push(mkdtempSync(join(tmpdir(), 'dlk-system-')), (path) =>
      rmSync(path, { recursive: true, force: true }),
    );
    const token = () => randomBytes(16).toString('hex');
    const newsToken = token();
    const gatewayToken = token();
    writeFileSync(
      join(dir, 'caller-tokens.yaml'),
      `news-service: ${newsToken}\napi-gateway-service: ${gatewayToken}\n`,
    );
    writeFileSync(join(dir, 'news-token'), newsToken);
    writeFileSync(join(dir, 'gateway-token'), gatewayToken);

    const database = async (purpose: string) =>
      closers.push(await createTestDatabase(purpose), (db) => db.drop()).url;
    const started = async (service: Promise<{ app: Parameters<typeof serve>[0]; stop(): Promise<void> }>) => {
      return serve(closers.push(await service, (own) => own.stop()).app);
    };
    const logger = testLogger();
    const links = await started(
      createLinkService(
        loadLinkServiceConfig({
          CALLER_AUTH_DISABLED: 'true',
          PORT: '0',
          DATABASE_URL: await database('sys_links'),
        }),
        logger,
      ),
    );
    const users = await started(
      createUserService(
        loadUserServiceConfig({
          CALLER_AUTH_DISABLED: 'true',
          PORT: '0',
          DATABASE_URL: await database('sys_users'),
        }),
        logger,
      ),
    );
    const social = await started(
      createSocialGraphService(
        loadSocialGraphServiceConfig({
          CALLER_AUTH_DISABLED: 'true',
          PORT: '0',
          DATABASE_URL: await database('sys_social'),
          CALLER_TOKENS_FILE: join(dir, 'caller-tokens.yaml'),
        }),
        logger,
      ),
    );
    const keyPrefix = `dlk-test-system-${token()}:`;
    closers.push(keyPrefix, async (prefix) => {
      const redis = new Redis(REDIS_URL);
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    });
    const news = closers.push(
      await createNewsService(
        loadNewsServiceConfig({
          CALLER_AUTH_DISABLED: 'true',
          PORT: '0',
          ADMIN_PORT: '0',
          REDIS_URL,
          REDIS_KEY_PREFIX: keyPrefix,
          SOCIAL_GRAPH_URL: social,
          CALLER_TOKEN_FILE: join(dir, 'news-token'),
        }),
        logger,
      ),
      (own) => own.stop(),
    );
    const newsPort = await news.grpc.listen(0, '127.0.0.1');

    const gateway = await started(
      createApiGatewayService(
        loadApiGatewayConfig({
          PORT: '0',
          LINK_SERVICE_URL: links,
          USER_SERVICE_URL: users,
          SOCIAL_GRAPH_URL: social,
          NEWS_SERVICE_ADDRESS: `127.0.0.1:${newsPort}`,
          CALLER_TOKEN_FILE: join(dir, 'gateway-token'),
          ...gatewayEnv,
        }),
        logger,
      ),
    );
    return { gateway, stop: closers.closeAll };
  } catch (error) {
    await closers.closeAll().catch(() => {});
    throw error;
  }
}
