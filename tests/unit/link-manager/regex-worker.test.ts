import { EventEmitter } from 'node:events';
import type { RegexAnswer, RegexJob } from '../../../pkg/link-manager/regex-job';

// The worker's answers, run in this thread: its parent port is a stand-in that records what
// it posts (the pool's own tests run it in real worker threads).

interface Worker {
  ask(job: RegexJob): RegexAnswer;
  compile: jest.SpyInstance;
}

async function startWorker(): Promise<Worker> {
  const port = Object.assign(new EventEmitter(), { postMessage: jest.fn() });
  let compile: jest.SpyInstance | undefined;
  await jest.isolateModulesAsync(async () => {
    jest.doMock('node:worker_threads', () => ({ parentPort: port }));
    const { RE2JS } = await import('re2js');
    compile = jest.spyOn(RE2JS, 'compile');
    await import('../../../pkg/link-manager/regex-worker');
  });
  return {
    ask(job) {
      port.postMessage.mockClear();
      port.emit('message', job);
      expect(port.postMessage).toHaveBeenCalledTimes(1);
      return port.postMessage.mock.calls[0][0] as RegexAnswer;
    },
    compile: compile!,
  };
}

afterEach(() => jest.dontMock('node:worker_threads'));

describe('regex worker', () => {
  it('answers the indexes of the texts whose every field matches its pattern', async () => {
    const worker = await startWorker();
    const answer = worker.ask({
      patterns: ['^go', 'k8s$'],
      texts: [
        ['golang', 'about k8s'],
        ['golang', 'k8s later'],
        ['ago', 'about k8s'],
        ['go', 'k8s'],
      ],
    });
    expect(answer).toEqual({ matches: [0, 3] });
  });

  it('answers no matches when it is only asked to compile', async () => {
    expect((await startWorker()).ask({ patterns: ['a', 'b'], texts: [] })).toEqual({ matches: [] });
  });

  it('answers the first pattern that does not compile, with the reason', async () => {
    expect((await startWorker()).ask({ patterns: ['ok', '(', '['], texts: [['ok', 'x', 'y']] })).toEqual({
      invalid: 1,
      message: expect.stringMatching(/missing closing \)/),
    });
  });

  it('compiles a pattern once for the jobs that follow', async () => {
    const worker = await startWorker();
    worker.ask({ patterns: ['a', 'b'], texts: [] });
    worker.ask({ patterns: ['b', 'a'], texts: [['b', 'a']] });
    expect(worker.compile.mock.calls.map(([pattern]) => pattern)).toEqual(['a', 'b']);
  });

  it('keeps the 16 patterns compiled last, forgetting the oldest first', async () => {
    const worker = await startWorker();
    const patterns = Array.from({ length: 17 }, (_, i) => `p${i}`);
    worker.ask({ patterns: patterns.slice(0, 16), texts: [] });
    worker.ask({ patterns: patterns.slice(0, 16), texts: [] });
    expect(worker.compile).toHaveBeenCalledTimes(16);
    worker.ask({ patterns: ['p16'], texts: [] });
    worker.ask({ patterns: ['p1', 'p0'], texts: [] });
    expect(worker.compile.mock.calls.slice(16).map(([pattern]) => pattern)).toEqual(['p16', 'p0']);
  });

  it('loads without a parent port, outside a worker thread', async () => {
    const load = jest.isolateModulesAsync(async () => {
      jest.doMock('node:worker_threads', () => ({ parentPort: null }));
      await import('../../../pkg/link-manager/regex-worker');
    });
    await expect(load).resolves.toBeUndefined();
  });
});
