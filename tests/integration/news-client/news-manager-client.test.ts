import { createGrpcServer, type GrpcServer } from '../../../pkg/kit';
import { NewsManagerClient } from '../../../pkg/news-client';
import { InMemoryFeedStore, NewsService } from '../../../pkg/news-manager';
import {
  AlreadyExistsError,
  DeadlineExceededError,
  InternalError,
  InvalidArgumentError,
  LimitExceededError,
  NotFoundError,
  PayloadTooLargeError,
  PermissionDeniedError,
  RateLimitedError,
  UnauthenticatedError,
  UnavailableError,
  type DomainError,
  type GetNewsRequest,
  type GetNewsResult,
  type NewsManager,
} from '../../../pkg/object-model';
import { newsGrpcService } from '../../../svc/news-service/grpc-routes';
import { FakeSocialGraph } from '../../unit/news-manager/fake-social-graph';
import { testLogger } from '../../support/silent-logger';

/** Delegates to whatever the current test installs. */
class SwitchableNews implements NewsManager {
  current: NewsManager = { getNews: async () => ({ events: [], nextToken: '' }) };
  getNews(request: GetNewsRequest): Promise<GetNewsResult> {
    return this.current.getNews(request);
  }
}

describe('NewsManagerClient over gRPC', () => {
  const news = new SwitchableNews();
  let server: GrpcServer;
  let client: NewsManagerClient;

  beforeAll(async () => {
    server = createGrpcServer({ logger: testLogger(), services: [newsGrpcService(news)] });
    const port = await server.listen(0, '127.0.0.1');
    client = new NewsManagerClient({ address: `127.0.0.1:${port}`, timeoutMs: 2000 });
  });
  afterAll(async () => {
    client.close();
    await server.stop();
  });

  it('round-trips GetNews: events with every field, times to the millisecond, and the paging token', async () => {
    const graph = new FakeSocialGraph();
    await graph.follow({ followed: 'alice', follower: 'bob' });
    const service = new NewsService(new InMemoryFeedStore({ maxLength: 100 }), graph, { pageSize: 2 });
    news.current = service;
    const at = (i: number) => `2026-03-04T05:06:0${i}.789Z`;
    for (let i = 1; i <= 3; i++) {
      await service.handleLinkEvent({
        id: `e${i}`,
        type: i === 3 ? 'LINK_DELETED' : 'LINK_ADDED',
        author: 'alice',
        occurredAt: at(i),
        link: {
          url: `https://a.example/${i}`,
          title: `t${i}`,
          description: '',
          tags: [],
          status: 'pending',
          private: false,
          createdAt: at(i),
          updatedAt: at(i),
        },
      });
    }

    const first = await client.getNews({ username: 'bob' });
    expect(first.events).toEqual([
      {
        eventType: 'LINK_DELETED',
        username: 'alice',
        url: 'https://a.example/3',
        timestamp: at(3),
        title: 't3',
      },
      {
        eventType: 'LINK_ADDED',
        username: 'alice',
        url: 'https://a.example/2',
        timestamp: at(2),
        title: 't2',
      },
    ]);
    expect(first.nextToken).not.toBe('');
    const second = await client.getNews({ username: 'bob', startToken: first.nextToken });
    expect(second).toEqual({
      events: [
        {
          eventType: 'LINK_ADDED',
          username: 'alice',
          url: 'https://a.example/1',
          timestamp: at(1),
          title: 't1',
        },
      ],
      nextToken: '',
    });
    await expect(client.getNews({ username: 'bob', startToken: 'garbage' })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
  });

  const errors: DomainError[] = [
    new InvalidArgumentError('bad input'),
    new UnauthenticatedError('who are you'),
    new PermissionDeniedError('not yours'),
    new NotFoundError('no such user'),
    new AlreadyExistsError('exists'),
    new PayloadTooLargeError('too big'),
    new LimitExceededError('too many'),
    new RateLimitedError('slow down'),
    new UnavailableError('redis is down'),
    new DeadlineExceededError('too slow'),
  ];

  it.each(errors.map((error) => [error.name, error] as const))(
    'brings %s back as the same class',
    async (_name, error) => {
      news.current = {
        getNews: async () => {
          throw error;
        },
      };
      const caught = await client.getNews({ username: 'bob' }).catch((e: unknown) => e);
      expect(caught).toBeInstanceOf(error.constructor);
      expect(caught).toMatchObject({ code: error.code, message: error.message });
    },
  );

  it('brings an unexpected failure back as INTERNAL with no details', async () => {
    news.current = {
      getNews: async () => {
        throw new TypeError('secret internals');
      },
    };
    const caught = await client.getNews({ username: 'bob' }).catch((e: unknown) => e);
    expect(caught).toBeInstanceOf(InternalError);
    expect((caught as Error).message).toBe('internal error');
  });
});
