import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRefused } from '../support/all-in-one';

// `npm start` refuses what cannot work before it touches anything: the data folder is
// never created. No system starts in this file.
const PORT_OFFSET = 24500;
let parent: string;
let dataDir: string;

beforeEach(() => {
  parent = mkdtempSync(join(tmpdir(), 'dlk-start-all-refusals-'));
  dataDir = join(parent, 'data');
});

afterEach(() => {
  rmSync(parent, { recursive: true, force: true });
});

function expectOneLine(output: string): string {
  const lines = output.trim().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0];
}

describe('npm start refuses before touching anything', () => {
  it('an offset that puts a service on a port fetch refuses, saying which offsets work', async () => {
    const refused = await startRefused(2000, dataDir);
    expect(refused.code).toBe(1);
    const line = expectOneLine(refused.output);
    expect(line).toContain('PORT_OFFSET is "2000": link-service would listen on 10080');
    expect(line).toMatch(/offsets that work nearby: \d+, \d+, \d+/);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('a port in use, naming the port, the service and the ways out', async () => {
    const port = 7070 + PORT_OFFSET;
    const squatter: Server = createServer();
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    try {
      const refused = await startRefused(PORT_OFFSET, dataDir);
      expect(refused.code).toBe(1);
      const line = expectOneLine(refused.output);
      expect(line).toContain(`port ${port} (user-service) is already in use`);
      expect(line).toContain('stop what listens there');
      expect(line).toMatch(/DATA_DIR=\S+ PORT_OFFSET=\d+ npm start/);
      expect(existsSync(dataDir)).toBe(false);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });

  it('a bad service setting, with the service’s own one-line error', async () => {
    const refused = await startRefused(PORT_OFFSET, dataDir, { LINK_SERVICE_MAX_LINKS_PER_USER: 'many' });
    expect(refused.code).toBe(1);
    expect(expectOneLine(refused.output)).toMatch(
      /^delinkcious: invalid configuration: LINK_SERVICE_MAX_LINKS_PER_USER is "many": /,
    );
    expect(existsSync(dataDir)).toBe(false);
  });

  it('a setting npm start sets itself, saying why', async () => {
    const refused = await startRefused(PORT_OFFSET, dataDir, { USER_SERVICE_PORT: '7070' });
    expect(refused.code).toBe(1);
    expect(expectOneLine(refused.output)).toContain(
      'USER_SERVICE_PORT is "7070": npm start sets it from PORT_OFFSET',
    );
  });
});
