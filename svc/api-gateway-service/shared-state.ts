import Redis, { type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import { RedisLoginCodes, type LoginCodes } from './login-codes';
import type { LogoutNotices } from './session-cache';

/** What the replicas of a gateway share through Redis: the connection for rate limits, logout notices, login codes. */
export interface SharedState {
  redis: Redis;
  notices: LogoutNotices;
  loginCodes: LoginCodes;
  close(): Promise<void>;
}

function connect(url: string, options: RedisOptions = {}): Redis {
  const redis = new Redis(url, {
    // Fail fast while Redis is down: a command waits for one reconnection attempt at most.
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    ...options,
  });
  // Reconnection is automatic; without a listener ioredis would print every failure.
  redis.on('error', () => undefined);
  return redis;
}

/** Logout notices over Redis pub/sub, on a channel under the gateway's key prefix. */
class RedisLogoutNotices implements LogoutNotices {
  private subscribed = false;

  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly channel: string,
    private readonly logger: Logger,
  ) {}

  get live(): boolean {
    return this.subscribed && this.subscriber.status === 'ready';
  }

  async publish(sessionKey: string): Promise<void> {
    try {
      await this.publisher.publish(this.channel, sessionKey);
    } catch (error) {
      // The session is already ended at the user service; the other replicas stop caching
      // while Redis is unreachable (see `live`), so they ask it instead.
      this.logger.warn({ err: error }, 'could not publish a logout notice to Redis');
    }
  }

  subscribe(handler: (sessionKey: string) => void, onGap: () => void): void {
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel === this.channel) handler(message);
    });
    // ioredis subscribes again after a reconnection; what was cached meanwhile may have missed a notice.
    this.subscriber.on('ready', onGap);
    this.subscriber.on('close', onGap);
    this.subscriber.subscribe(this.channel).then(
      () => {
        this.subscribed = true;
        onGap();
      },
      (error: unknown) => this.logger.warn({ err: error }, 'could not subscribe to logout notices'),
    );
  }
}

export function connectSharedState(url: string, keyPrefix: string, logger: Logger): SharedState {
  // Rate limits are checked on every call: while Redis is down they fail at once (and are
  // skipped) instead of holding each call until a reconnection.
  const redis = connect(url, { enableOfflineQueue: false });
  // A logout notice, or a login code, is rare and worth a short wait for a reconnection.
  const publisher = connect(url, { commandTimeout: 1000 });
  const subscriber = connect(url);
  return {
    redis,
    notices: new RedisLogoutNotices(publisher, subscriber, `${keyPrefix}logout`, logger),
    loginCodes: new RedisLoginCodes(publisher, keyPrefix),
    close: async () => {
      subscriber.disconnect();
      publisher.disconnect();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
