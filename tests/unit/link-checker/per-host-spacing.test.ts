import type { LinkChecker } from '../../../pkg/link-checker';
import { perHostSpacing } from '../../../pkg/link-checker';

/** A clock that only moves when told to; `wokeAt` lists when each sleep would end. */
function fakeTime() {
  let now = 0;
  const wokeAt: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      wokeAt.push(now + ms);
    },
    wokeAt,
    advance: (ms: number) => (now += ms),
  };
}

function recordingChecker(): LinkChecker & { checked: string[] } {
  const checked: string[] = [];
  return {
    checked,
    check: async (url) => {
      checked.push(url);
      return { status: 'valid', reason: 'HTTP 200' };
    },
  };
}

describe('perHostSpacing', () => {
  it('waits out the interval between two checks of one host, not between different hosts', async () => {
    const time = fakeTime();
    const inner = recordingChecker();
    const checker = perHostSpacing({ intervalMs: 1000, now: time.now, sleep: time.sleep })(inner);
    await checker.check('https://example.com/a');
    await checker.check('https://other.example/a');
    await checker.check('https://EXAMPLE.com/b');
    expect(time.wokeAt).toEqual([1000]);
    time.advance(6000);
    await checker.check('https://example.com/c');
    expect(time.wokeAt).toEqual([1000]);
    expect(inner.checked).toHaveLength(4);
  });

  it('queues concurrent checks of one host an interval apart', async () => {
    const time = fakeTime();
    const checker = perHostSpacing({ intervalMs: 500, now: time.now, sleep: time.sleep })(recordingChecker());
    await Promise.all(['/1', '/2', '/3'].map((path) => checker.check(`http://example.com${path}`)));
    expect(time.wokeAt).toEqual([500, 1000]);
  });

  it('passes malformed urls straight to the checker, and does nothing with an interval of 0', async () => {
    const time = fakeTime();
    const inner = recordingChecker();
    const off = perHostSpacing({ intervalMs: 0, now: time.now, sleep: time.sleep })(inner);
    await off.check('https://example.com/a');
    await off.check('https://example.com/a');
    const on = perHostSpacing({ intervalMs: 1000, now: time.now, sleep: time.sleep })(inner);
    await on.check('not a url');
    await on.check('not a url');
    expect(time.wokeAt).toEqual([]);
    expect(inner.checked).toEqual([
      'https://example.com/a',
      'https://example.com/a',
      'not a url',
      'not a url',
    ]);
  });
});
