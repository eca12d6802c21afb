import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type Redis from 'ioredis';
import type { Result } from 'ioredis';

/**
 * Takes `ARGV[1]` calls of the budget at once and answers the new count and the window's
 * remaining ms. The counter is the one @fastify/rate-limit's own Redis store keeps (one
 * INCR per call, PEXPIRE when it starts), so replicas of either kind share a budget.
 */
const LEASE = `
local current = redis.call('INCRBY', KEYS[1], ARGV[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  ttl = tonumber(ARGV[2])
end
return {current, ttl}`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    /** `leaseRateLimit(key, calls, windowMs)` → `[count after the lease, window ms left]` */
    leaseRateLimit(key: string, calls: number, windowMs: number): Result<[number, number], Context>;
  }
}

/** A lease takes at most this share of what is left of a budget, so near its end leases are single calls. */
const LEASE_SHARE = 16;
/** And at most this many calls, so a replica never sits on much of a budget. */
const MAX_LEASE = 100;
/** Keys tracked at most; expired ones go first when full. */
const MAX_KEYS = 10_000;

/** One key's calls reserved by this replica in the current window: numbers `next`..`last` of the shared count. */
interface Lease {
  next: number;
  last: number;
  /** When the window ends (this process's clock, never later than Redis'). */
  windowEnd: number;
  /** The key's budget, as last leased. */
  max: number;
  /** A lease being fetched, which concurrent calls wait for instead of fetching their own. */
  pending?: Promise<void>;
}

type Outcome = { current: number; ttl: number };

/**
 * The rate-limit budgets every replica shares, counted in Redis without a round trip per
 * call: a replica reserves a block of calls of a key's budget with one INCRBY (a lease)
 * and hands them out locally, each with its number in the shared count, so no replica
 * ever admits a call beyond the budget. Blocks are small next to what is left of the
 * budget (1/16, at most 100 calls), so close to the limit every call is leased on its own
 * and the budget is exact across replicas; a block not used up when the window ends is
 * lost, which can only refuse a call early, never admit one too many. A key over its
 * budget is refused locally until its window ends (the count in Redis only grows within a
 * window). Which key a call is charged to is not this store's concern (see `rateLimitKey`).
 */
export class LeasedRedisStore implements FastifyRateLimitStore {
  private readonly leases = new Map<string, Lease>();

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    if (!(redis as Partial<Redis>).leaseRateLimit)
      redis.defineCommand('leaseRateLimit', { numberOfKeys: 1, lua: LEASE });
  }

  /** The store class @fastify/rate-limit instantiates (`store`), bound to `redis` and a key prefix. */
  static on(redis: Redis, prefix: string): FastifyRateLimitStoreCtor {
    return class extends LeasedRedisStore {
      constructor() {
        super(redis, prefix);
      }
    };
  }

  incr(
    key: string,
    callback: (error: Error | null, result?: Outcome) => void,
    timeWindow: number,
    max: number,
  ): void {
    this.take(key, timeWindow, max).then(
      (outcome) => callback(null, outcome),
      (error: unknown) => callback(error as Error),
    );
  }

  /** A route with limits of its own counts apart, keyed as @fastify/rate-limit's Redis store keys it. */
  child(routeOptions: Parameters<FastifyRateLimitStore['child']>[0]): FastifyRateLimitStore {
    // What the plugin passes is its merged settings, the route under `routeInfo` (its typings say otherwise).
    const route = (routeOptions as { routeInfo?: { method?: string; url?: string } }).routeInfo;
    return new LeasedRedisStore(this.redis, `${this.prefix}${route?.method ?? ''}${route?.url ?? ''}-`);
  }

  private async take(key: string, timeWindow: number, max: number): Promise<Outcome> {
    for (;;) {
      const now = Date.now();
      const lease = this.leases.get(key);
      if (lease && lease.windowEnd > now) {
        const ttl = lease.windowEnd - now;
        if (lease.next <= lease.last) return { current: lease.next++, ttl };
        // Over the budget: the shared count can only have grown since.
        if (lease.last >= lease.max && lease.max === max) return { current: lease.last + 1, ttl };
        if (lease.pending) {
          await lease.pending;
          continue;
        }
      } else if (lease?.pending) {
        await lease.pending;
        continue;
      }
      await this.lease(key, lease, timeWindow, max);
    }
  }

  /** Reserves the next block of calls of `key`, sized by what was left of its budget. */
  private async lease(
    key: string,
    previous: Lease | undefined,
    timeWindow: number,
    max: number,
  ): Promise<void> {
    const left = previous && previous.windowEnd > Date.now() ? max - previous.last : 0;
    const calls = Math.max(1, Math.min(MAX_LEASE, Math.floor(left / LEASE_SHARE)));
    const held = previous ?? { next: 1, last: 0, windowEnd: 0, max };
    const asked = Date.now();
    const fetching = this.redis.leaseRateLimit(this.prefix + key, calls, timeWindow).then(([count, ttl]) => {
      Object.assign(held, { next: count - calls + 1, last: count, windowEnd: asked + ttl, max });
    });
    held.pending = fetching;
    this.remember(key, held);
    try {
      await fetching;
    } finally {
      held.pending = undefined;
    }
  }

  private remember(key: string, lease: Lease): void {
    if (!this.leases.has(key) && this.leases.size >= MAX_KEYS) {
      const now = Date.now();
      for (const [held, { windowEnd, pending }] of this.leases) {
        if (windowEnd <= now && !pending) this.leases.delete(held);
      }
      if (this.leases.size >= MAX_KEYS) this.leases.clear();
    }
    this.leases.set(key, lease);
  }
}
