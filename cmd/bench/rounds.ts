import { load, percentile, type LoadTarget } from './load';

/** One row of a group: a floor (the first of its group) or what is compared with it. */
export interface Contender {
  name: string;
  target: LoadTarget;
  /** The processes serving it (itself and the services behind it), whose CPU time per request is reported. */
  servers: { cpuMs(): number }[];
  /** The target for the ratio, printed beside it. */
  goal?: string;
}

export interface Row {
  name: string;
  goal?: string;
  /** Mean requests/s over the rounds. */
  rps: number;
  /** Over every round's answers, in ms. */
  p50: number;
  p99: number;
  errors: number;
  /** Requests/s ÷ the floor's in the same round: median, lowest and highest; undefined for a floor. */
  ratio?: { median: number; min: number; max: number };
  /** p99 ÷ the floor's p99. */
  p99Ratio?: number;
  isFloor: boolean;
  /** CPU time of the serving processes per answered request, in µs: robust where wall time is not. */
  cpuUsPerRequest: number;
}

export interface RoundOptions {
  rounds: number;
  seconds: number;
  warmupSeconds: number;
  connections: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * Loads a floor and its contenders in turn, `rounds` times over, so that each ratio
 * compares runs seconds apart: on a shared machine the load of others drifts, and a
 * ratio of neighbouring runs (its median over the rounds) is what stays comparable.
 */
export async function measureGroup(
  contenders: Contender[],
  options: RoundOptions,
  say: (line: string) => void,
): Promise<Row[]> {
  for (const contender of contenders)
    await load(contender.target, options.warmupSeconds, options.connections);
  const runs = contenders.map(() => [] as Awaited<ReturnType<typeof load>>[]);
  const cpu = contenders.map(() => ({ ms: 0, requests: 0 }));
  const cpuNow = (contender: Contender) => contender.servers.reduce((sum, server) => sum + server.cpuMs(), 0);
  for (let round = 0; round < options.rounds; round++) {
    say(`    round ${round + 1} of ${options.rounds}: ${contenders.map((c) => c.name).join(', ')}`);
    for (const [i, contender] of contenders.entries()) {
      const before = cpuNow(contender);
      const result = await load(contender.target, options.seconds, options.connections);
      cpu[i].ms += cpuNow(contender) - before;
      cpu[i].requests += result.rps * options.seconds;
      runs[i].push(result);
    }
  }
  const pooled = runs.map((results) => results.flatMap((result) => result.latencies).sort((a, b) => a - b));
  const floorP99 = percentile(pooled[0], 99);
  return contenders.map((contender, i) => {
    const ratios = runs[i].map((result, round) => result.rps / runs[0][round].rps);
    const p99 = percentile(pooled[i], 99);
    return {
      name: contender.name,
      goal: contender.goal,
      rps: runs[i].reduce((sum, result) => sum + result.rps, 0) / runs[i].length,
      p50: percentile(pooled[i], 50),
      p99,
      errors: runs[i].reduce((sum, result) => sum + result.errors, 0),
      ratio:
        i === 0 ? undefined : { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) },
      p99Ratio: i === 0 ? undefined : p99 / floorP99,
      isFloor: i === 0,
      cpuUsPerRequest: (cpu[i].ms * 1000) / cpu[i].requests,
    };
  });
}
