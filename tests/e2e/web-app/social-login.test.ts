import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { loadApiGatewayConfig } from '../../../svc/api-gateway-service/config';
import { createApiGatewayService } from '../../../svc/api-gateway-service/server';
import { fakeBackends } from '../../support/fake-backends';
import { TestOAuth2Provider } from '../../support/oauth2-provider';
import { testLogger } from '../../support/silent-logger';
import { launchChromium, watchProblems } from './browser';

// The gateway (with the app npm run build bundled) runs in this process, in front of fake
// services: what is tested is the browser's round trip through a real OAuth2 server.
let provider: TestOAuth2Provider;
let gateway: { app: FastifyInstance; stop(): Promise<void> };
let base: string;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
const dir = mkdtempSync(join(tmpdir(), 'dlk-web-oauth-'));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  provider = await new TestOAuth2Provider().start();
  const secretFile = join(dir, 'client-secret');
  writeFileSync(secretFile, `${provider.clientSecret}\n`);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const config = loadApiGatewayConfig({
    PORT: String(port),
    ...provider.gatewayEnv(secretFile),
    // The provider sends the browser back to the web app's page, which completes the login.
    OAUTH_REDIRECT_URL: `${base}/signin/callback`,
  });
  gateway = await createApiGatewayService(config, testLogger(), fakeBackends());
  await gateway.app.listen({ port, host: '127.0.0.1' });
  chromium = await launchChromium();
}, 60_000);

afterAll(async () => {
  await chromium?.close();
  await gateway?.stop();
  await provider?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('social login in the web app', () => {
  let page: Page;

  it('offers only social login when the development login is off', async () => {
    const context = await chromium.browser.newContext();
    const problems = watchProblems(context);
    page = await context.newPage();
    await page.goto(base);
    await page
      .getByRole('link', { name: 'Sign in with GitHub' })
      .waitFor({ state: 'visible', timeout: 15_000 });
    expect(await page.getByLabel('User name').count()).toBe(0);

    provider.user = { login: 'octocat', email: 'octocat@example.com' };
    await page.getByRole('link', { name: 'Sign in with GitHub' }).click();
    await page.getByText('Signed in as octocat').waitFor({ state: 'visible', timeout: 15_000 });
    expect(new URL(page.url()).pathname).toBe('/');
    await page.getByText('No links yet').waitFor({ state: 'visible', timeout: 15_000 });
    expect(problems.errors).toEqual([]);
  }, 30_000);

  it('says so when the sign-in cannot be completed', async () => {
    await page.goto(`${base}/signin/callback?code=made-up&state=forged`);
    await page
      .getByRole('alert')
      .filter({ hasText: /start again at \/login/ })
      .waitFor({
        state: 'visible',
        timeout: 15_000,
      });
    await page.goto(`${base}/signin/callback?error=access_denied`);
    await page.getByText('The sign-in was not completed (access_denied).').waitFor({ state: 'visible' });
  }, 30_000);
});
