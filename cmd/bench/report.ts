import type { LoadResult } from './load';

export interface Row {
  name: string;
  result: LoadResult;
  /** The row this one is divided by; undefined for a floor. */
  floor?: Row;
  /** e.g. `≥ 0.85`, printed beside the ratio. */
  target?: string;
}

const fmt = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : '–');

/** The one table: each row's requests/s divided by its floor's, its p99, and its p99 divided by the floor's. */
export function formatTable(rows: Row[]): string {
  const header = ['', 'req/s', '÷ floor', 'target', 'p50 ms', 'p99 ms', 'p99 ÷ floor', 'errors'];
  const cells = rows.map((row) => [
    row.name,
    row.result.rps.toFixed(0),
    row.floor ? fmt(row.result.rps / row.floor.result.rps) : '1.00',
    row.target ?? '',
    fmt(row.result.p50),
    fmt(row.result.p99),
    row.floor ? fmt(row.result.p99 / row.floor.result.p99, 1) : '1.0',
    String(row.result.errors),
  ]);
  const widths = header.map((_, i) => Math.max(...[header, ...cells].map((line) => line[i].length)));
  const line = (values: string[]) =>
    values.map((value, i) => (i === 0 ? value.padEnd(widths[i]) : value.padStart(widths[i]))).join('  ');
  return [line(header), ...cells.map(line)].join('\n');
}
