import { createServer } from 'node:net';

/** Every port `npm start` listens on, before PORT_OFFSET is added, and who listens there. */
export const STANDARD_PORTS = {
  'api-gateway-service': 5000,
  'link-service': 8080,
  'user-service': 7070,
  'social-graph-service': 9090,
  'news-service': 6060,
  'news-service (admin)': 6061,
  'link-checker': 8081,
} as const;

export type Listener = keyof typeof STANDARD_PORTS;

/**
 * The WHATWG Fetch standard's bad ports (https://fetch.spec.whatwg.org/#bad-port), as
 * Node's `fetch` (undici) and browsers enforce them: a service there cannot be called.
 * A unit test checks this list against the running Node.
 */
export const BAD_PORTS: ReadonlySet<number> = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104,
  109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515,
  526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049,
  3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);

const HIGHEST_PORT = 65535;

export function portsAt(offset: number): Record<Listener, number> {
  return Object.fromEntries(
    Object.entries(STANDARD_PORTS).map(([listener, port]) => [listener, port + offset]),
  ) as Record<Listener, number>;
}

/** Why an offset cannot work (a bad port, past 65535), or undefined when every port is usable. */
export function offsetProblem(offset: number): string | undefined {
  for (const [listener, port] of Object.entries(portsAt(offset))) {
    if (port > HIGHEST_PORT) return `${listener} would listen on ${port}, past ${HIGHEST_PORT}`;
    if (BAD_PORTS.has(port)) {
      return `${listener} would listen on ${port}, a port that fetch and browsers refuse to call`;
    }
  }
  return undefined;
}

/** Round-hundred offsets near `offset`, nearest first, where every port is usable. */
export function usableOffsetsNear(offset: number, count = 3): number[] {
  const found: number[] = [];
  const base = Math.round(offset / 100) * 100;
  for (let step = 0; found.length < count && step <= 600; step++) {
    for (const candidate of step === 0 ? [base] : [base + step * 100, base - step * 100]) {
      if (candidate > 0 && candidate !== offset && !offsetProblem(candidate) && found.length < count) {
        found.push(candidate);
      }
    }
  }
  return found;
}

/** Resolves to true when nothing listens on 127.0.0.1:`port` (it listens there briefly to find out). */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port, host: '127.0.0.1', exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/** The first listener whose port is taken, if any. */
export async function firstPortInUse(
  offset: number,
): Promise<{ listener: Listener; port: number } | undefined> {
  const ports = Object.entries(portsAt(offset)) as [Listener, number][];
  const free = await Promise.all(ports.map(([, port]) => isPortFree(port)));
  const taken = ports.find((_, index) => !free[index]);
  return taken && { listener: taken[0], port: taken[1] };
}

/** The first usable offset near `offset` whose ports are all free right now. */
export async function freeOffsetNear(offset: number): Promise<number | undefined> {
  for (const candidate of usableOffsetsNear(offset, 10)) {
    if (!(await firstPortInUse(candidate))) return candidate;
  }
  return undefined;
}
