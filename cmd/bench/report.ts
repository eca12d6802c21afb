import type { Row } from './rounds';

const fmt = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : '–');

/**
 * The one table: each row's requests/s divided by its floor's (median of the rounds, and
 * their range), its p50 and p99, its p99 divided by the floor's, and the CPU time its
 * processes spent per request.
 */
export function formatTable(rows: Row[]): string {
  const header = [
    '',
    'req/s',
    '÷ floor',
    '(range)',
    'target',
    'p50 ms',
    'p99 ms',
    'p99 ÷ floor',
    'CPU µs/req',
    'errors',
  ];
  const cells = rows.map((row) => [
    row.name,
    row.rps.toFixed(0),
    row.ratio ? fmt(row.ratio.median) : '1',
    row.ratio ? `${fmt(row.ratio.min)}–${fmt(row.ratio.max)}` : '',
    row.goal ?? '',
    fmt(row.p50),
    fmt(row.p99),
    row.p99Ratio === undefined ? '1' : fmt(row.p99Ratio, 1),
    fmt(row.cpuUsPerRequest, 0),
    String(row.errors),
  ]);
  const widths = header.map((_, i) => Math.max(...[header, ...cells].map((line) => line[i].length)));
  const line = (values: string[]) =>
    values.map((value, i) => (i === 0 ? value.padEnd(widths[i]) : value.padStart(widths[i]))).join('  ');
  return [line(header), ...cells.map(line)].join('\n');
}
