import {
  comparePositions,
  formatPosition,
  parsePosition,
  positionOf,
  sortKeyOf,
  validPosition,
} from '../../../pkg/news-manager/feed-position';
import { InvalidArgumentError } from '../../../pkg/object-model';

const MAX_TIME_MS = 8_640_000_000_000_000;

describe('feed positions', () => {
  it('name the event time in ms and the percent-encoded event id', () => {
    expect(positionOf('2026-01-01T00:00:00.123Z', 'ev/1')).toEqual({
      timeMs: Date.parse('2026-01-01T00:00:00.123Z'),
      id: 'ev%2F1',
    });
  });

  it('sort an unreadable time as the oldest, and clamp times before the epoch to it', () => {
    expect(positionOf('yesterday', 'a').timeMs).toBe(0);
    expect(positionOf('1969-12-31T23:59:59Z', 'a').timeMs).toBe(0);
    expect(positionOf('1970-01-01T00:00:00.001Z', 'a').timeMs).toBe(1);
  });

  it('keep the latest time a Date can hold', () => {
    expect(positionOf(new Date(MAX_TIME_MS).toISOString(), 'a').timeMs).toBe(MAX_TIME_MS);
  });

  it('keep 256 characters of an encoded id, no more', () => {
    expect(positionOf('1970-01-01T00:00:00Z', 'i'.repeat(300)).id).toBe('i'.repeat(256));
    expect(positionOf('1970-01-01T00:00:00Z', 'i'.repeat(256)).id).toHaveLength(256);
  });

  it('are written <ms>-<id> and read back', () => {
    expect(formatPosition({ timeMs: 12, id: 'a%2Fb' })).toBe('12-a%2Fb');
    expect(parsePosition('12-a%2Fb')).toEqual({ timeMs: 12, id: 'a%2Fb' });
    expect(parsePosition('0-x')).toEqual({ timeMs: 0, id: 'x' });
  });

  it('allow the latest time and refuse one millisecond more', () => {
    expect(parsePosition(`${MAX_TIME_MS}-a`)).toEqual({ timeMs: MAX_TIME_MS, id: 'a' });
    expect(parsePosition(`${MAX_TIME_MS + 1}-a`)).toBeUndefined();
  });

  it('allow 16 time digits and refuse 17', () => {
    expect(parsePosition('1234567890123456-a')).toEqual({ timeMs: 1234567890123456, id: 'a' });
    expect(parsePosition('12345678901234567-a')).toBeUndefined();
  });

  it('allow ids of 1 to 256 characters', () => {
    expect(parsePosition(`1-${'a'.repeat(256)}`)?.id).toHaveLength(256);
    expect(parsePosition(`1-${'a'.repeat(257)}`)).toBeUndefined();
    expect(parsePosition('1-')).toBeUndefined();
  });

  it.each([
    ['a leading zero', '01-a'],
    ['a negative time', '-1-a'],
    ['no time', '-a'],
    ['text before', 'x1-a'],
    ['text after', '1-a b'],
    ['a newline after', '1-a\n'],
    ['a separator in the id', '1-a b'],
    ['a slash in the id', '1-a/b'],
    ['a fraction', '1.5-a'],
  ])('refuse %s', (_what, text) => {
    expect(parsePosition(text)).toBeUndefined();
  });

  it('accept the id characters percent-encoding leaves', () => {
    expect(parsePosition("1-Az09._~!*'()%-")?.id).toBe("Az09._~!*'()%-");
  });

  it('are refused as a store bound with INVALID_ARGUMENT', () => {
    expect(validPosition('3-a')).toEqual({ timeMs: 3, id: 'a' });
    expect(() => validPosition('nope')).toThrow(new InvalidArgumentError('not a feed position'));
  });

  it('sort as text in time order, then id', () => {
    expect(sortKeyOf({ timeMs: 42, id: 'x' })).toBe('0000000000000042 x');
    expect(sortKeyOf({ timeMs: 9, id: 'b' }) < sortKeyOf({ timeMs: 10, id: 'a' })).toBe(true);
  });

  it('compare by time, then id', () => {
    expect(comparePositions({ timeMs: 1, id: 'b' }, { timeMs: 2, id: 'a' })).toBeLessThan(0);
    expect(comparePositions({ timeMs: 2, id: 'a' }, { timeMs: 1, id: 'b' })).toBeGreaterThan(0);
    expect(comparePositions({ timeMs: 1, id: 'a' }, { timeMs: 1, id: 'b' })).toBe(-1);
    expect(comparePositions({ timeMs: 1, id: 'b' }, { timeMs: 1, id: 'a' })).toBe(1);
    expect(comparePositions({ timeMs: 1, id: 'a' }, { timeMs: 1, id: 'a' })).toBe(0);
  });
});
