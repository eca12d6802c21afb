import { createServer, type AddressInfo } from 'node:net';
import { UnavailableError } from '../../../pkg/object-model';
import { createMetricsRegistry } from '../../../pkg/observability';
import { loadApiGatewayConfig } from '../../../svc/api-gateway-service/config';
import { remoteBackends } from '../../../svc/api-gateway-service/remote-backends';
import { testLogger } from '../../support/silent-logger';

/** A loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("the gateway's backend clients", () => {
  it('measure every outgoing call as a client call, failures included', async () => {
    const port = await closedPort();
    const registry = createMetricsRegistry('gateway-test', false);
    const remote = remoteBackends(
      loadApiGatewayConfig({
        LINK_SERVICE_URL: `http://127.0.0.1:${port}`,
        USER_SERVICE_URL: `http://127.0.0.1:${port}`,
        NEWS_SERVICE_ADDRESS: `127.0.0.1:${port}`,
      }),
      { logger: testLogger(), registry },
    );
    try {
      await expect(remote.backends.links.getLinks({ username: 'ann' })).rejects.toBeInstanceOf(
        UnavailableError,
      );
      await expect(remote.backends.users.getUser('ann')).rejects.toBeInstanceOf(UnavailableError);
      const metrics = await registry.metrics();
      expect(metrics).toContain(
        'delinkcious_service_calls_total{service="link-service-client",method="getLinks",outcome="UNAVAILABLE"} 1',
      );
      expect(metrics).toContain(
        'delinkcious_service_calls_total{service="user-service-client",method="getUser",outcome="UNAVAILABLE"} 1',
      );
    } finally {
      remote.close();
    }
  });
});
