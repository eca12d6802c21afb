import type { FastifyInstance } from 'fastify';
import { loadLinkServiceConfig } from '../../../svc/link-service/config';
import { createLinkService } from '../../../svc/link-service/server';
import { createTestDatabase, type TestDatabase } from '../../support/postgres';
import { testLogger } from '../../support/silent-logger';

// Well under what the hostile pattern costs even on a fast machine (about 2 s on CI), so it always runs out.
const BUDGET_MS = 500;
/** A valid RE2 pattern of 999 characters that costs seconds over a 10 000-character field. */
const HOSTILE = '\\pL{1000}'.repeat(111);

let database: TestDatabase;
let app: FastifyInstance;
let stop: () => Promise<void>;
let base: string;

beforeAll(async () => {
  database = await createTestDatabase('link_hostile');
  const config = loadLinkServiceConfig({
    PORT: '0',
    CALLER_AUTH_DISABLED: 'true',
    DATABASE_URL: database.url,
    REGEX_BUDGET_MS: String(BUDGET_MS),
  });
  ({ app, stop } = await createLinkService(config, testLogger()));
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  const link = {
    username: 'target',
    url: 'https://long.example/',
    title: 'long',
    description: 'x'.repeat(10_000),
  };
  const added = await fetch(`${base}/links`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(link),
  });
  expect(added.status).toBe(201);
});
afterAll(async () => {
  await stop();
  await database.drop();
});

async function timed(path: string): Promise<{ status: number; body: unknown; ms: number }> {
  const started = performance.now();
  const response = await fetch(base + path);
  const body: unknown = await response.json();
  return { status: response.status, body, ms: performance.now() - started };
}

/** Probes, each a /healthz and a plain GET /links at once, 25 ms apart, while `go()` holds (at most `count`). */
async function probeWhile(go: () => boolean, count = Infinity) {
  const probes: Array<{ status: number; ms: number }> = [];
  while (go() && probes.length < 2 * count) {
    probes.push(...(await Promise.all([timed('/healthz'), timed('/links?username=target')])));
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return probes;
}

describe('link service under hostile queries, on real Postgres', () => {
  it('keeps answering /healthz and plain listings while four hostile filters run, and ends them with a 400 within the budget', async () => {
    // The same probes with nothing else running: what this machine gives anyway.
    const baseline = await probeWhile(() => true, 10);
    const hostile = Array.from({ length: 4 }, () =>
      timed(`/links?username=target&description=${encodeURIComponent(HOSTILE)}`),
    );
    let done = false;
    const settled = Promise.all(hostile).finally(() => (done = true));

    await new Promise((resolve) => setTimeout(resolve, 50));
    const probes = await probeWhile(() => !done);
    const answers = await settled;
    const slowestProbe = Math.max(...probes.map((probe) => probe.ms));
    const slowestBaseline = Math.max(...baseline.map((probe) => probe.ms));
    process.stdout.write(
      `probes: ${probes.length}, slowest ${slowestProbe.toFixed(0)} ms ` +
        `(${slowestBaseline.toFixed(0)} ms with nothing else running); hostile: ` +
        `${answers.map((answer) => `${answer.status} in ${answer.ms.toFixed(0)} ms`).join(', ')}\n`,
    );

    for (const answer of answers) {
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({
        error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(/took too long/) },
      });
      // The budget, plus room for late timers and round trips on a busy machine.
      expect(answer.ms).toBeLessThan(BUDGET_MS + 500 + 2 * slowestBaseline);
    }
    expect(probes.map((probe) => probe.status)).toEqual(probes.map(() => 200));
    // At least two rounds of probes were answered while the hostile filters held their workers.
    expect(probes.length).toBeGreaterThanOrEqual(4);
    // Matching on the event loop made every probe wait for a whole match (2-18 s). A probe now
    // waits for no match at all: 250 ms, or what this machine takes anyway when it is very busy.
    expect(slowestProbe).toBeLessThan(Math.max(250, 3 * slowestBaseline));
  });

  it('still filters correctly after its workers were terminated', async () => {
    const found = await timed(`/links?username=target&description=${encodeURIComponent('^x+$')}`);
    expect(found).toMatchObject({ status: 200, body: { links: [{ url: 'https://long.example/' }] } });
    const none = await timed(`/links?username=target&description=${encodeURIComponent('y')}`);
    expect(none).toMatchObject({ status: 200, body: { links: [] } });
  });

  it.each([
    ['2^63', '9223372036854775808', 400],
    ['twenty digits', '99999999999999999999', 400],
    ['2^63-1, the largest bigint', '9223372036854775807', 200],
  ])('answers a page token holding %s (%s) with %i, never a store error', async (_name, id, status) => {
    const start = Buffer.from(`links.v1:${id}`).toString('base64url');
    const answer = await timed(`/links?username=target&start=${start}`);
    expect(answer.status).toBe(status);
    if (status === 400) {
      expect(answer.body).toEqual({
        error: { code: 'INVALID_ARGUMENT', message: 'start is not a valid page token' },
      });
    } else {
      expect(answer.body).toMatchObject({ links: [{ url: 'https://long.example/' }] });
    }
  });
});
