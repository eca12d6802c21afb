import { portsAt } from '../../cmd/start-all/ports';
import { startAllInOne, type AllInOneSystem } from '../support/all-in-one';
import { listeningSockets } from '../support/listening-sockets';
import { PublicApi, runUserJourney, startTestSite } from '../support/user-journey';

// `npm start` as a newcomer runs it, on ports shifted away from the defaults.
const PORT_OFFSET = 21000;
let system: AllInOneSystem;
let site: Awaited<ReturnType<typeof startTestSite>>;

beforeAll(async () => {
  site = await startTestSite();
  system = await startAllInOne(PORT_OFFSET);
}, 90_000);

afterAll(async () => {
  await system?.stop();
  await site.close();
});

async function devLogin(api: PublicApi, username: string): Promise<string> {
  const response = await api.call<{ session: string }>('POST', '/v1/dev/login', {
    username,
    email: `${username}@example.com`,
  });
  expect(response.status).toBe(200);
  return response.body.session;
}

describe('npm start: the whole system in one process', () => {
  it('prints where to go and how to log in', () => {
    expect(system.output()).toContain(`Delinkcious is running: http://localhost:${5000 + PORT_OFFSET}`);
    expect(system.output()).toContain('/v1/dev/login');
  });

  it('serves the user journey through the public API', async () => {
    const api = new PublicApi(system.gateway);
    await runUserJourney(api, { ann: await devLogin(api, 'ann'), bob: await devLogin(api, 'bob') }, site.url);
  }, 60_000);

  it('listens on 127.0.0.1 only, every port of every service, gRPC included', () => {
    const sockets = listeningSockets(system.pid);
    expect(sockets.length).toBeGreaterThanOrEqual(Object.keys(portsAt(PORT_OFFSET)).length);
    expect(sockets.filter((socket) => !socket.startsWith('127.0.0.1:'))).toEqual([]);
    for (const port of Object.values(portsAt(PORT_OFFSET))) expect(sockets).toContain(`127.0.0.1:${port}`);
  });

  it('stops cleanly on Ctrl-C', async () => {
    expect(await system.stop()).toBe(0);
  });
});
