import { formatSummary, problemsOf, type ContainerReport } from '../../../cmd/images/evaluate';

const passing: ContainerReport = {
  service: 'link-service',
  sizeBytes: 223_600_000,
  uid: 1000,
  gid: 1000,
  capEff: '0000000000000000',
  healthzMs: 850,
  stopMs: 400,
  exitCode: 0,
  migrateRuns: true,
};

describe('problemsOf', () => {
  it('passes an image that runs as 1000:1000 without capabilities and stops cleanly and fast', () => {
    expect(problemsOf(passing)).toEqual([]);
  });

  it.each([
    [{ uid: 0, gid: 0 }, 'runs as root'],
    [{ uid: 1001 }, 'runs as 1001:1000, not 1000:1000'],
    [{ gid: 0 }, 'runs as 1000:0, not 1000:1000'],
    [{ capEff: '00000000a80425fb' }, 'has capabilities (CapEff 00000000a80425fb)'],
    [{ stopMs: 5000 }, 'stop took 5000 ms (limit 5000 ms)'],
    [{ stopMs: 10_020, exitCode: 137 }, 'exited with code 137 on SIGTERM'],
  ])('names what breaks the contract (%j)', (change, problem) => {
    expect(problemsOf({ ...passing, ...change })).toContain(problem);
  });

  it('lists every problem, not only the first', () => {
    expect(problemsOf({ ...passing, uid: 0, stopMs: 10_000, exitCode: 143 })).toHaveLength(3);
  });
});

describe('formatSummary', () => {
  it('prints one aligned row per image with its size in MB and its result', () => {
    const table = formatSummary([
      passing,
      { ...passing, service: 'news-service', uid: 0, migrateRuns: false },
    ]);
    const [header, first, second] = table.split('\n');
    expect(header).toMatch(/^service\s+size\s+uid:gid\s+healthz ms\s+stop ms\s+exit\s+migrate\s+result$/);
    expect(first).toMatch(/^link-service\s+223\.6 MB\s+1000:1000\s+850\s+400\s+0\s+runs\s+ok$/);
    expect(second).toMatch(/^news-service\s+223\.6 MB\s+0:1000\s+850\s+400\s+0\s+-\s+runs as root$/);
    // Right-aligned numbers end in the same column.
    expect(first.indexOf('850') + 3).toBe(second.indexOf('850') + 3);
  });
});
