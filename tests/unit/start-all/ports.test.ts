import { BAD_PORTS, STANDARD_PORTS, offsetProblem, usableOffsetsNear } from '../../../cmd/start-all/ports';

/** Whether Node's own fetch refuses `port` as a bad port (it does so before connecting). */
async function fetchRefuses(port: number): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2000) });
    return false;
  } catch (error) {
    return String((error as { cause?: Error }).cause?.message).includes('bad port');
  }
}

describe('the ports npm start listens on', () => {
  it('knows exactly the ports this Node’s fetch refuses', async () => {
    for (const port of BAD_PORTS) expect(await fetchRefuses(port)).toBe(true);
    // Ports next to bad ones are fine.
    for (const port of [6001, 6670, 10081, 5062, 4191]) expect(await fetchRefuses(port)).toBe(false);
  });

  it.each([
    [2000, 'link-service would listen on 10080'],
    [990, 'social-graph-service would listen on 10080'],
    [1000, 'api-gateway-service would listen on 6000'],
    [60_000, 'past 65535'],
  ])('refuses PORT_OFFSET=%i (%s)', (offset, why) => {
    expect(offsetProblem(offset)).toContain(why);
  });

  it('accepts the default offset', () => {
    expect(offsetProblem(0)).toBeUndefined();
  });

  it.each([2000, 990, 1000, 0])('suggests nearby offsets that work instead of %i', (offset) => {
    const suggested = usableOffsetsNear(offset);
    expect(suggested).toHaveLength(3);
    for (const candidate of suggested) {
      expect(candidate).not.toBe(offset);
      expect(offsetProblem(candidate)).toBeUndefined();
    }
  });

  it('lists every listener once', () => {
    expect(new Set(Object.values(STANDARD_PORTS)).size).toBe(Object.keys(STANDARD_PORTS).length);
  });
});
