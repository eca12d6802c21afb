import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { createHttpServer } from '../../../pkg/kit';
import { InMemoryLinkStore, LinkService } from '../../../pkg/link-manager';
import { LinkManagerClient } from '../../../pkg/link-client';
import {
  DomainError,
  ERROR_CODES,
  UnavailableError,
  errorFromCode,
  type ErrorCode,
  type LinkManager,
} from '../../../pkg/object-model';
import { createMetricsRegistry } from '../../../pkg/observability';
import { linkRoutes } from '../../../svc/link-service/http-routes';
import { testLogger } from '../../support/silent-logger';

async function serve(service: LinkManager) {
  const app = createHttpServer({
    logger: testLogger(),
    registry: createMetricsRegistry('link-service-test', false),
    readiness: {},
    routes: linkRoutes(service),
  });
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, baseUrl };
}

describe('LinkManagerClient over real HTTP', () => {
  it('round-trips every call against the real service', async () => {
    const { app, baseUrl } = await serve(
      new LinkService(new InMemoryLinkStore(), { maxLinksPerUser: 10, regexBudgetMs: 1000 }),
    );
    try {
      const client = new LinkManagerClient({ baseUrl });
      const added = await client.addLink({
        username: 'c',
        url: 'https://a.example/',
        title: 'A',
        tags: ['x'],
      });
      expect(added).toMatchObject({ url: 'https://a.example/', title: 'A', tags: ['x'], status: 'pending' });
      await client.addLink({ username: 'c', url: 'https://b.example/', title: 'B' });

      const page = await client.getLinks({ username: 'c', limit: 1, title: 'B' });
      expect(page).toEqual({ links: [expect.objectContaining({ title: 'B' })], nextPageToken: '' });
      const first = await client.getLinks({ username: 'c', limit: 1 });
      const second = await client.getLinks({ username: 'c', limit: 1, start: first.nextPageToken });
      expect(second.links[0].title).toBe('A');

      const updated = await client.updateLink({
        username: 'c',
        url: 'https://a.example/',
        addTags: ['y'],
        removeTags: ['x'],
      });
      expect(updated.tags).toEqual(['y']);
      await expect(client.deleteLink({ username: 'c', url: 'https://a.example/' })).resolves.toBeUndefined();
      expect((await client.getLinks({ username: 'c' })).links.map((l) => l.title)).toEqual(['B']);

      await client.addLink({ username: 'c', url: 'https://secret.example/', title: 'S', private: true });
      expect((await client.getLinks({ username: 'c' })).links.map((l) => l.title)).toEqual(['S', 'B']);
      expect((await client.getPublicLinks({ username: 'c' })).links.map((l) => l.title)).toEqual(['B']);
    } finally {
      await app.close();
    }
  });

  // A service that fails every call with the error named by the link title.
  const failing: LinkManager = {
    getLinks: async (r) => {
      throw errorFromCode(r.tag as ErrorCode, `getLinks failed with ${r.tag}`);
    },
    getPublicLinks: async () => {
      throw errorFromCode('UNAVAILABLE', 'getPublicLinks failed with UNAVAILABLE');
    },
    addLink: async (r) => {
      throw errorFromCode(r.title as ErrorCode, `addLink failed with ${r.title}`);
    },
    updateLink: async (r) => {
      throw errorFromCode(r.title as ErrorCode, `updateLink failed with ${r.title}`);
    },
    importLinks: async (r) => {
      throw errorFromCode(r.links[0].title as ErrorCode, `importLinks failed with ${r.links[0].title}`);
    },
    deleteLink: async () => {
      throw errorFromCode('NOT_FOUND', 'deleteLink failed with NOT_FOUND');
    },
    getTags: async () => {
      throw errorFromCode('UNAVAILABLE', 'getTags failed with UNAVAILABLE');
    },
    renameTag: async (r) => {
      throw errorFromCode(r.to as ErrorCode, `renameTag failed with ${r.to}`);
    },
  };

  it.each(ERROR_CODES.map((code) => [code]))(
    'brings %s back as the same error class with its message',
    async (code) => {
      const { app, baseUrl } = await serve(failing);
      try {
        // One attempt only, so UNAVAILABLE is not retried and the breaker stays closed for this check.
        const client = new LinkManagerClient({ baseUrl, maxAttempts: 1 });
        const expected = errorFromCode(code, '');
        const add = client.addLink({ username: 'c', url: 'https://a.example/', title: code });
        await expect(add).rejects.toBeInstanceOf(expected.constructor);
        await expect(add).rejects.toMatchObject({
          code,
          message: code === 'INTERNAL' ? 'internal error' : `addLink failed with ${code}`,
        });
        const get = client.getLinks({ username: 'c', tag: code });
        await expect(get).rejects.toBeInstanceOf(DomainError);
        await expect(get).rejects.toMatchObject({ code });
      } finally {
        await app.close();
      }
    },
  );

  it('turns an unreachable service into UNAVAILABLE, and opens the circuit after repeated failures', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));

    const client = new LinkManagerClient({
      baseUrl: `http://127.0.0.1:${port}`,
      maxAttempts: 1,
      breakAfter: 2,
      halfOpenAfterMs: 60_000,
    });
    await expect(client.getLinks({ username: 'c' })).rejects.toThrow(
      /link-service is unavailable \(unreachable\)/,
    );
    await expect(client.getLinks({ username: 'c' })).rejects.toBeInstanceOf(UnavailableError);
    await expect(client.getLinks({ username: 'c' })).rejects.toThrow(/circuit open/);
  });

  it('times out a hung service as UNAVAILABLE', async () => {
    const hung = createServer(() => {});
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = hung.address() as AddressInfo;
      const client = new LinkManagerClient({
        baseUrl: `http://127.0.0.1:${port}`,
        timeoutMs: 100,
        maxAttempts: 1,
      });
      await expect(client.getLinks({ username: 'c' })).rejects.toThrow(/no answer within 100 ms/);
    } finally {
      hung.closeAllConnections();
      await new Promise((resolve) => hung.close(resolve));
    }
  });

  it('retries idempotent reads through a transient failure, but never retries a write', async () => {
    let calls = 0;
    const flaky = createServer((request, response) => {
      calls += 1;
      if (calls === 1) {
        response.writeHead(503, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: { code: 'UNAVAILABLE', message: 'warming up' } }));
        return;
      }
      response.writeHead(request.method === 'GET' ? 200 : 503, { 'content-type': 'application/json' });
      response.end(
        request.method === 'GET'
          ? JSON.stringify({ links: [], nextPageToken: '' })
          : JSON.stringify({ error: { code: 'UNAVAILABLE', message: 'down' } }),
      );
    });
    await new Promise<void>((resolve) => flaky.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = flaky.address() as AddressInfo;
      const client = new LinkManagerClient({ baseUrl: `http://127.0.0.1:${port}`, maxAttempts: 3 });
      await expect(client.getLinks({ username: 'c' })).resolves.toEqual({ links: [], nextPageToken: '' });
      expect(calls).toBe(2);
      await expect(
        client.addLink({ username: 'c', url: 'https://a.example/', title: 'a' }),
      ).rejects.toBeInstanceOf(UnavailableError);
      expect(calls).toBe(3);
    } finally {
      await new Promise((resolve) => flaky.close(resolve));
    }
  });
});
