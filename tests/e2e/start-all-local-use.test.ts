import { startAllInOne, type AllInOneSystem } from '../support/all-in-one';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

// `npm start` given a real server may be a shared system: no development login, no checks
// of private addresses, unless asked for; the banner says which and why.
const PORT_OFFSET = 25500;
let database: TestDatabase;
let system: AllInOneSystem | undefined;

beforeAll(async () => {
  database = await createTestDatabase('start_all_local_use');
});
afterEach(async () => {
  await system?.stop();
  system = undefined;
});
afterAll(async () => {
  await database.drop();
});

const devLogin = (gateway: string) =>
  fetch(`${gateway}/v1/dev/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'eve', email: 'eve@example.com' }),
  });

describe('npm start with a real server', () => {
  it('turns off the development login and private-address checks, and says so', async () => {
    system = await startAllInOne(PORT_OFFSET, { env: { LINK_DATABASE_URL: database.url } });
    const output = system.output();
    expect(output).toContain('local use off: real servers given (Postgres); LOCAL_USE=on turns it on');
    expect(output).toContain('development login off');
    expect(output).toContain('the link checker checks public urls only');
    expect(output).not.toContain('/v1/dev/login');
    expect((await devLogin(system.gateway)).status).toBe(404);
  }, 90_000);

  it('turns them on when asked with LOCAL_USE=on', async () => {
    system = await startAllInOne(PORT_OFFSET, { env: { LINK_DATABASE_URL: database.url, LOCAL_USE: 'on' } });
    const output = system.output();
    expect(output).toContain('local use on: LOCAL_USE=on');
    expect(output).toContain('development login on (POST /v1/dev/login)');
    expect(output).toContain('the link checker may check local and private urls');
    expect((await devLogin(system.gateway)).status).toBe(200);
  }, 90_000);
});
