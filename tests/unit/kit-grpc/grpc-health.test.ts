import { EventEmitter } from 'node:events';
import { HealthService } from '../../../pkg/kit';

/** A Watch stream as the server side sees it: what was written to it, and whether it was ended. */
class WatchCall extends EventEmitter {
  readonly written: string[] = [];
  ended = false;
  constructor(readonly request: { service: string }) {
    super();
  }
  write(response: { status: string }): void {
    this.written.push(response.status);
  }
  end(): void {
    this.ended = true;
  }
}

function watching(health: HealthService, service: string): WatchCall {
  const call = new WatchCall({ service });
  health.handlers.Watch(call as never);
  return call;
}

describe('HealthService watches', () => {
  it('writes each change of the watched service only', () => {
    const health = new HealthService();
    health.set('pb.News', 'NOT_SERVING');
    const news = watching(health, 'pb.News');
    const other = watching(health, 'pb.Links');
    health.set('pb.News', 'SERVING');
    expect([news.written, other.written]).toEqual([['NOT_SERVING', 'SERVING'], ['SERVICE_UNKNOWN']]);
  });

  it.each(['cancelled', 'close'])('stops writing to a watch once it is %s', (event) => {
    const health = new HealthService();
    const call = watching(health, 'pb.News');
    call.emit(event);
    health.set('pb.News', 'SERVING');
    expect(call.written).toEqual(['SERVICE_UNKNOWN']);
  });

  it('ends every open watch, and writes to none of them afterwards', () => {
    const health = new HealthService();
    const calls = [watching(health, 'pb.News'), watching(health, '')];
    health.endWatches();
    health.set('pb.News', 'SERVING');
    health.set('', 'SERVING');
    expect(calls.map((call) => [call.ended, call.written])).toEqual([
      [true, ['SERVICE_UNKNOWN']],
      [true, ['SERVICE_UNKNOWN']],
    ]);
  });
});
