import { perHostSpacing, type LinkChecker } from '../../../pkg/link-checker';

function spaced(intervalMs: number) {
  let now = 0;
  const waits: number[] = [];
  const checker: LinkChecker = { check: async () => ({ status: 'valid', reason: 'HTTP 200' }) };
  const spacedChecker = perHostSpacing({
    intervalMs,
    now: () => now,
    sleep: async (ms) => void waits.push(ms),
  })(checker);
  return { check: (url: string) => spacedChecker.check(url), waits, at: (ms: number) => (now = ms) };
}

describe('perHostSpacing, at the interval', () => {
  it('does not wait for a check exactly one interval after the last', async () => {
    const { check, waits, at } = spaced(1000);
    await check('https://example.com/a');
    at(1000);
    await check('https://example.com/b');
    expect(waits).toEqual([]);
  });

  it('waits the last millisecond of the interval', async () => {
    const { check, waits, at } = spaced(1000);
    await check('https://example.com/a');
    at(999);
    await check('https://example.com/b');
    expect(waits).toEqual([1]);
  });

  it('takes hosts case-insensitively and ignores the port and path', async () => {
    const { check, waits } = spaced(1000);
    await check('https://Example.COM/a');
    await check('http://example.com:8080/b');
    expect(waits).toEqual([1000]);
  });

  it('keeps the turns still to come when it forgets old hosts', async () => {
    const { check, waits } = spaced(1000);
    // More hosts than it remembers before pruning, all with their next turn still ahead.
    for (let i = 0; i <= 10_000; i++) await check(`https://host${i}.example/`);
    expect(waits).toEqual([]);
    await check('https://host0.example/');
    expect(waits).toEqual([1000]);
  });
});

describe('perHostSpacing on the real clock', () => {
  it('really sleeps out the interval when no clock is given', async () => {
    const checked: string[] = [];
    const checker: LinkChecker = {
      check: async (url) => {
        checked.push(url);
        return { status: 'valid', reason: 'HTTP 200' };
      },
    };
    const spacedChecker = perHostSpacing({ intervalMs: 200 })(checker);
    const started = performance.now();
    await spacedChecker.check('https://a.example/1');
    await spacedChecker.check('https://a.example/2');
    // Timers may fire a millisecond early; a check that did not wait takes well under that.
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    expect(checked).toEqual(['https://a.example/1', 'https://a.example/2']);
  });
});
