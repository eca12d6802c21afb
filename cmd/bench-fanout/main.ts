import { measureFanOut } from '../bench/fanout';

/**
 * `npm run bench:fanout`: one link event fanned out to FOLLOWERS followers' Redis feeds
 * (REDIS_URL, a private key prefix deleted afterwards), once per batch size in
 * BATCH_SIZES, to choose FAN_OUT_BATCH_SIZE. `npm run bench` reports the default's.
 * Prints figures; asserts nothing about speed.
 */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const FOLLOWERS = Number(process.env.FOLLOWERS ?? 10_000);
const BATCH_SIZES = (process.env.BATCH_SIZES ?? '100,500,1000').split(',').map(Number);

async function main(): Promise<void> {
  console.log(`fan-out of one link event to ${FOLLOWERS} followers (${REDIS_URL})`);
  for (const batchSize of BATCH_SIZES) {
    const result = await measureFanOut(REDIS_URL, FOLLOWERS, batchSize);
    console.log(
      `batch ${String(batchSize).padStart(5)}: ${result.ms.toFixed(1)} ms until all ${FOLLOWERS} feeds hold it, ` +
        `${result.usPerFollower.toFixed(1)} µs per follower`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(`bench-fanout: ${(error as Error).message}`);
  process.exit(1);
});
