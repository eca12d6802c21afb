import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * Opens `url` in the person's browser: `$BROWSER` when set (the usual convention), else the
 * platform's opener. Failing to open it is not an error: the url is printed as well.
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

/**
 * Social login as the gateway offers it today: its /login/callback answers the new session
 * in the browser (it has no per-client loopback redirect yet), so the person pastes it here.
 */
export async function askForSession(loginUrl: string, env: NodeJS.ProcessEnv): Promise<string> {
  process.stderr.write(
    `Opening ${loginUrl} in your browser. Sign in there, then paste the "session" value it shows.\n`,
  );
  openBrowser(loginUrl, env);
  process.stderr.write('session: ');
  const input = createInterface({ input: process.stdin, terminal: false });
  const answer = await new Promise<string>((resolve) => {
    input.once('line', resolve);
    input.once('close', () => resolve(''));
  });
  input.close();
  return answer.trim().replace(/^"|"$/g, '');
}
