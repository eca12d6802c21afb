import { parseBenchOptions } from '../../../cmd/bench/options';

describe('bench options', () => {
  it('runs the full measurement by default: 1 000 users × 1 000 links, 3 rounds', () => {
    const options = parseBenchOptions([], {});
    expect(options).toMatchObject({ rounds: 3, scaleUsers: 1000, linksPerUser: 1000, connections: 10 });
    expect(options.fanOutFollowers).toEqual([10_000, 100_000]);
    expect(options.postgresUrl).toBe('postgres://postgres@127.0.0.1:5432/postgres');
  });

  it('--quick is one short round and a smaller scale table; --seconds sets each row', () => {
    expect(parseBenchOptions(['--quick'], {})).toMatchObject({ rounds: 1, seconds: 2, scaleUsers: 100 });
    expect(parseBenchOptions(['--seconds', '6'], {}).seconds).toBe(6);
  });

  it('takes the servers from BENCH_*_URL', () => {
    const options = parseBenchOptions([], { BENCH_REDIS_URL: 'redis://10.0.0.1:6379' });
    expect(options.redisUrl).toBe('redis://10.0.0.1:6379');
  });

  it('rejects an unknown option or a duration out of range, naming it', () => {
    expect(() => parseBenchOptions(['--fast'], {})).toThrow('unknown option --fast');
    expect(() => parseBenchOptions(['--seconds', '0'], {})).toThrow(
      '--seconds must be a number from 1 to 120',
    );
  });
});
