import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PublicApiClient, Session } from '../../pkg/public-api-client';
import { CliError } from './cli-error';

/**
 * Opens `url` in the person's browser: `$BROWSER` when set (the usual convention, and how
 * tests stand in for a browser), else the platform's opener. Failing to open it is not an
 * error: the url is printed as well.
 */
export function openBrowser(url: string, env: NodeJS.ProcessEnv): void {
  const [command, ...args] = env.BROWSER
    ? [env.BROWSER, url]
    : process.platform === 'darwin'
      ? ['open', url]
      : process.platform === 'win32'
        ? ['cmd', '/c', 'start', '', url]
        : ['xdg-open', url];
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // The printed url is the fallback.
  }
}

const CALLBACK_PATH = '/callback';

/**
 * Social login as native apps do it (RFC 8252): a one-shot HTTP server on 127.0.0.1 at a port
 * the system picks, the gateway's /login opened in the browser with that address and a random
 * state, and the browser sent back there with a one-time code, which is traded for the session
 * with POST /login/exchange. A visit without this login's state (another page poking at the
 * port) is turned away and the wait goes on.
 */
export async function loopbackLogin(
  api: PublicApiClient,
  server: string,
  options: { timeoutSeconds: number; env: NodeJS.ProcessEnv },
): Promise<Session> {
  const state = randomBytes(32).toString('base64url');
  let settle!: { resolve(session: Session): void; reject(error: unknown): void };
  const done = new Promise<Session>((resolve, reject) => (settle = { resolve, reject }));
  // Awaited below; until then a failure must not count as unhandled.
  done.catch(() => undefined);
  let exchanging = false;
  const loopback = createServer((request, response) => {
    const answer = callbackOf(request, state);
    if ('refusal' in answer) return page(response, answer.status, answer.refusal);
    if (exchanging) return page(response, 409, 'This sign-in is already being completed.');
    exchanging = true;
    if ('failure' in answer) {
      page(response, 400, `The sign-in failed: ${answer.failure}. You can close this tab.`);
      return settle.reject(new CliError(`the sign-in failed: ${answer.failure}`));
    }
    api.exchangeLoginCode(answer.code, state).then(
      (session) => {
        page(response, 200, `Signed in to Delinkcious as ${session.username}. You can close this tab.`);
        settle.resolve(session);
      },
      (error: unknown) => {
        page(response, 502, `The sign-in failed: ${error instanceof Error ? error.message : String(error)}`);
        settle.reject(error);
      },
    );
  });
  const port = await listen(loopback);
  const timer = setTimeout(
    () =>
      settle.reject(
        new CliError(
          `no sign-in came back from the browser within ${options.timeoutSeconds} seconds; run \`delinkcious login --social\` again`,
        ),
      ),
    options.timeoutSeconds * 1000,
  );
  try {
    const redirectUri = `http://127.0.0.1:${port}${CALLBACK_PATH}`;
    // A refusal (social login off, this redirect not accepted) is told now, not after the wait.
    await api.checkLoginStart({ redirect_uri: redirectUri, state });
    const loginUrl = `${server}/login?${new URLSearchParams({ redirect_uri: redirectUri, state })}`;
    process.stderr.write(
      `Opening ${loginUrl} in your browser (open it yourself if nothing appears).\n` +
        `Waiting up to ${options.timeoutSeconds} seconds for the sign-in; Ctrl-C stops.\n`,
    );
    openBrowser(loginUrl, options.env);
    return await done;
  } finally {
    clearTimeout(timer);
    await close(loopback);
  }
}

/** The code (or the gateway's failure) a visit of this login brings, or why the visit is turned away. */
function callbackOf(
  request: IncomingMessage,
  state: string,
): { code: string } | { failure: string } | { status: number; refusal: string } {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  if (request.method !== 'GET' || url.pathname !== CALLBACK_PATH)
    return { status: 404, refusal: 'Nothing here.' };
  if (url.searchParams.get('state') !== state)
    return { status: 400, refusal: 'This sign-in was not started from this terminal.' };
  const error = url.searchParams.get('error');
  if (error) return { failure: url.searchParams.get('error_description') || error };
  const code = url.searchParams.get('code');
  if (!code) return { status: 400, refusal: 'The sign-in came back without a code.' };
  return { code };
}

function page(response: ServerResponse, status: number, message: string): void {
  const text = message.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  response.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'",
    'referrer-policy': 'no-referrer',
    connection: 'close',
  });
  response.end(
    `<!doctype html><html lang="en"><meta charset="utf-8"><title>Delinkcious</title><p>${text}</p></html>\n`,
  );
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1' }, () => resolve((server.address() as AddressInfo).port));
  });
}

/** Stops listening once the last page is sent; a browser's idle keep-alive connection is not waited for. */
function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
