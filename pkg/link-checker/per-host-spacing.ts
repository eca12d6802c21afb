import type { Middleware } from '../kit/middleware';
import type { LinkChecker } from './link-checker';

export interface PerHostSpacingOptions {
  /** Least time between two checks of the same host; 0 turns spacing off. */
  intervalMs: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** Hosts remembered before the ones whose turn has passed are forgotten. */
const PRUNE_ABOVE = 10_000;

/**
 * Spaces checks of the same host by `intervalMs`, so that a user saving a thousand links
 * to one site does not make the checker hammer it. Other hosts are not held up beyond the
 * wait of the check in hand.
 */
export function perHostSpacing(options: PerHostSpacingOptions): Middleware<LinkChecker> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const nextTurn = new Map<string, number>();
  return (next) => ({
    async check(url) {
      const host = hostOf(url);
      if (options.intervalMs > 0 && host !== undefined) {
        const at = now();
        const turn = Math.max(at, nextTurn.get(host) ?? 0);
        // Taken before waiting, so concurrent checks of one host queue up one interval apart.
        nextTurn.set(host, turn + options.intervalMs);
        if (nextTurn.size > PRUNE_ABOVE) forgetPast(nextTurn, at);
        if (turn > at) await sleep(turn - at);
      }
      return next.check(url);
    },
  });
}

/** Malformed urls pass through: the checker itself answers them as invalid. */
function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

function forgetPast(nextTurn: Map<string, number>, now: number): void {
  for (const [host, turn] of nextTurn) if (turn <= now) nextTurn.delete(host);
}
