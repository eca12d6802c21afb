import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { stdoutDestination } from '../../../pkg/observability';

/**
 * A service's log lines go to stdout asynchronously (one write per batch of lines, not one
 * per line); none may be lost when the process ends, however it ends.
 */
const LINES = 20_000;

async function linesWrittenBy(ending: string): Promise<{ lines: string[]; code: number | null }> {
  const script = `
    const { createLogger } = require('./dist/pkg/observability');
    const logger = createLogger('exit-test');
    for (let i = 0; i < ${LINES}; i++) logger.info({ i }, 'line');
    ${ending}
  `;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'ignore'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  // 'close' comes after the exit and after stdout has ended: everything written has been read.
  const [code] = (await once(child, 'close')) as [number | null];
  clearTimeout(killer);
  return { lines: output.split('\n').filter(Boolean), code };
}

describe('stdout logging', () => {
  it('is asynchronous: a line logged does not wait for its write', () => {
    const destination = stdoutDestination() as unknown as { sync: boolean; destroy(): void };
    expect(destination.sync).toBe(false);
    destination.destroy();
  });

  it.each([
    ['process.exit() straight after logging', 'process.exit(3)', 3],
    ['an uncaught exception straight after logging', 'throw new Error("boom")', 1],
    ['the event loop running empty', '', 0],
  ])(
    'writes every line before the process ends on %s',
    async (_name, ending, expectedCode) => {
      const { lines, code } = await linesWrittenBy(ending);
      expect(code).toBe(expectedCode);
      expect(lines).toHaveLength(LINES);
      expect(JSON.parse(lines[LINES - 1])).toMatchObject({ i: LINES - 1, msg: 'line', service: 'exit-test' });
    },
    30_000,
  );
});
