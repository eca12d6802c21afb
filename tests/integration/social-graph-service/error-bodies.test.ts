import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { writeTrustFiles } from '../../../cmd/start-all/trust-files';
import { loadSocialGraphServiceConfig } from '../../../svc/social-graph-service/config';
import { createSocialGraphService } from '../../../svc/social-graph-service/server';
import { describeErrorBodies } from '../../support/error-bodies';
import { testLogger } from '../../support/silent-logger';

const dir = mkdtempSync(join(tmpdir(), 'dlk-social-errors-'));
// Real caller checks: the 403 below is a made-up caller token refused.
const trust = writeTrustFiles(dir);

let app: FastifyInstance;
let stop: () => Promise<void>;
let base: string;
beforeAll(async () => {
  ({ app, stop } = await createSocialGraphService(
    loadSocialGraphServiceConfig({ PORT: '0', ...trust.callerAuth }),
    testLogger(),
  ));
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await stop();
  rmSync(dir, { recursive: true, force: true });
});

describeErrorBodies('the social graph service', {
  base: () => base,
  jsonRoute: { method: 'POST', path: '/follow' },
  getOnlyPath: { path: '/following/ann', allow: 'GET, HEAD', wrongMethod: 'PUT' },
  forbidden: `GET /followers/ann HTTP/1.1\r\nDelinkcious-Caller-Token: ${'x'.repeat(30)}`,
  tooLargeBody: 300 * 1024,
});
