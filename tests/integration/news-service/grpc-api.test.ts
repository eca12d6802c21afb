import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { NewsManagerClient } from '../../../pkg/news-client';
import { InvalidArgumentError } from '../../../pkg/object-model';
import { loadHealthProto } from '../../../pb/protos';
import type { HealthClient } from '../../../pb/generated/grpc/health/v1/Health';
import { createNewsService, type NewsServiceHandle } from '../../../svc/news-service/server';
import { FakeSocialGraph } from '../../unit/news-manager/fake-social-graph';
import { testLogger } from '../../support/silent-logger';
import { DurableTestBus } from './durable-test-bus';
import { eventually, linkEvent, testConfig } from './helpers';

/** The SPEC's proto text, exactly as the Go original has it (no `title`). */
const ORIGINAL_PROTO = `
syntax = "proto3";
package pb;
import "google/protobuf/timestamp.proto";
service News { rpc GetNews(GetNewsRequest) returns (GetNewsResponse); }
message GetNewsRequest { string username = 1; string startToken = 2; }
enum EventType { LINK_ADDED = 0; LINK_UPDATED = 1; LINK_DELETED = 2; }
message Event { EventType eventType = 1; string username = 2; string url = 3; google.protobuf.Timestamp timestamp = 4; }
message GetNewsResponse { repeated Event events = 1; string nextToken = 2; string err = 3; }
`;

describe('news-service over gRPC', () => {
  const bus = new DurableTestBus();
  const graph = new FakeSocialGraph();
  let handle: NewsServiceHandle;
  let address: string;
  let adminUrl: string;
  let client: NewsManagerClient;

  beforeAll(async () => {
    await graph.follow({ followed: 'alice', follower: 'bob' });
    handle = await createNewsService(testConfig(), testLogger(), { eventBus: bus, socialGraph: graph });
    address = `127.0.0.1:${await handle.grpc.listen(0, '127.0.0.1')}`;
    adminUrl = await handle.admin.listen({ port: 0, host: '127.0.0.1' });
    client = new NewsManagerClient({ address });
  });
  afterAll(async () => {
    client.close();
    await handle.stop();
    await bus.close();
  });

  it('consumes a link event and serves it in the follower’s feed', async () => {
    const event = linkEvent('alice', 'https://a.example/consumed');
    await bus.publish('links.added', event, { msgId: event.id });
    const { events } = await eventually(
      () => client.getNews({ username: 'bob' }),
      (page) => page.events.some((e) => e.url === 'https://a.example/consumed'),
    );
    expect(events[0]).toEqual({
      eventType: 'LINK_ADDED',
      username: 'alice',
      url: 'https://a.example/consumed',
      timestamp: event.occurredAt,
      title: 'title of https://a.example/consumed',
    });
  });

  it('sets a malformed event aside and goes on with the next', async () => {
    await bus.publish('links.updated', { nonsense: true }, { msgId: 'malformed-1' });
    const event = linkEvent('alice', 'https://a.example/after-malformed', 'LINK_UPDATED');
    await bus.publish('links.updated', event, { msgId: event.id });
    await eventually(
      () => client.getNews({ username: 'bob' }),
      (page) => page.events[0]?.url === 'https://a.example/after-malformed',
    );
    expect(bus.pending('news-service')).toBe(0);
  });

  it('sets aside an event whose time cannot be read: a feed ordered by time cannot place it', async () => {
    const timeless = { ...linkEvent('alice', 'https://a.example/timeless'), occurredAt: 'yesterday' };
    await bus.publish('links.added', timeless, { msgId: timeless.id });
    const event = linkEvent('alice', 'https://a.example/after-timeless');
    await bus.publish('links.added', event, { msgId: event.id });
    const { events } = await eventually(
      () => client.getNews({ username: 'bob' }),
      (page) => page.events[0]?.url === 'https://a.example/after-timeless',
    );
    expect(events.map((e) => e.url)).not.toContain('https://a.example/timeless');
    expect(bus.pending('news-service')).toBe(0);
  });

  it('answers INVALID_ARGUMENT as a real gRPC status', async () => {
    await expect(client.getNews({ username: 'not a name' })).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it('serves a client built only from the original proto (without the added title)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'news-proto-'));
    try {
      writeFileSync(path.join(dir, 'news.proto'), ORIGINAL_PROTO);
      const definition = protoLoader.loadSync(path.join(dir, 'news.proto'), { includeDirs: [dir] });
      const pb = grpc.loadPackageDefinition(definition).pb as grpc.GrpcObject;
      const News = pb.News as grpc.ServiceClientConstructor;
      const original = new News(address, grpc.credentials.createInsecure());
      const response = await new Promise<Record<string, unknown>>((resolve, reject) =>
        original.GetNews(
          { username: 'bob' },
          (error: grpc.ServiceError | null, value: Record<string, unknown>) =>
            error ? reject(error) : resolve(value),
        ),
      );
      original.close();
      const events = response.events as Record<string, unknown>[];
      expect(events.length).toBeGreaterThan(0);
      expect(events.find((e) => e.url === 'https://a.example/consumed')).toMatchObject({
        // Default loader options: the enum's wire number, as a Go client sees it.
        eventType: 0,
        username: 'alice',
        timestamp: { seconds: expect.anything(), nanos: expect.any(Number) },
      });
      expect(events.find((e) => e.url === 'https://a.example/after-malformed')).toMatchObject({
        eventType: 1,
      });
      expect(readFileSync(path.join(dir, 'news.proto'), 'utf8')).not.toContain('title');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers grpc.health.v1.Health with SERVING', async () => {
    const Health = loadHealthProto().grpc.health.v1.Health;
    const health: HealthClient = new Health(address, grpc.credentials.createInsecure());
    const status = await new Promise((resolve, reject) =>
      health.Check({ service: 'pb.News' }, (error, response) =>
        error ? reject(error) : resolve(response?.status),
      ),
    );
    health.close();
    expect(status).toBe('SERVING');
  });

  it('serves /healthz, /readyz and /metrics on the admin port', async () => {
    expect((await fetch(`${adminUrl}/healthz`)).status).toBe(200);
    const ready = await fetch(`${adminUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ checks: { feedStore: 'ok', eventBus: 'ok' } });
    const metrics = await (await fetch(`${adminUrl}/metrics`)).text();
    expect(metrics).toContain('getNews');
    expect(metrics).toContain('handleLinkEvent');
  });
});
