/** What one `npm run bench` run does: how long each row is loaded and how big the scale row's table grows. */
export interface BenchOptions {
  /** Seconds of measured load per row and round (after a warm-up). */
  seconds: number;
  /** Rounds over each group of rows (a floor and what is compared with it). */
  rounds: number;
  /** Seconds of unmeasured load before each row, so the JIT has settled. */
  warmupSeconds: number;
  /** Concurrent connections of the load generator. */
  connections: number;
  /** Users × links of the scale row's large table (1 000 × 1 000 in a full run). */
  scaleUsers: number;
  linksPerUser: number;
  /** Followers of the fan-out rows. */
  fanOutFollowers: number[];
  postgresUrl: string;
  redisUrl: string;
  natsUrl: string;
}

const USAGE = 'usage: npm run bench [-- --quick] [-- --seconds N]';

/** `--quick` is a short smoke run (a smaller scale table too); `--seconds N` overrides each row's duration. */
export function parseBenchOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): BenchOptions {
  const quick = argv.includes('--quick');
  const secondsAt = argv.indexOf('--seconds');
  const seconds = secondsAt >= 0 ? Number(argv[secondsAt + 1]) : quick ? 2 : 4;
  if (!Number.isFinite(seconds) || seconds < 1 || seconds > 120) {
    throw new Error(`--seconds must be a number from 1 to 120; ${USAGE}`);
  }
  const unknown = argv.filter(
    (arg, i) =>
      arg.startsWith('--') && arg !== '--quick' && arg !== '--seconds' && argv[i - 1] !== '--seconds',
  );
  if (unknown.length > 0) throw new Error(`unknown option ${unknown[0]}; ${USAGE}`);
  return {
    seconds,
    rounds: quick ? 1 : 3,
    warmupSeconds: quick ? 1 : 2,
    connections: 10,
    scaleUsers: quick ? 100 : 1000,
    linksPerUser: 1000,
    fanOutFollowers: [10_000, 100_000],
    postgresUrl: env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    redisUrl: env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
    natsUrl: env.BENCH_NATS_URL ?? 'nats://127.0.0.1:4222',
  };
}
