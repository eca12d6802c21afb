import { readFileSync } from 'node:fs';
import type { AccessTable, CallAccess } from '../../../pkg/auth';
import { linkCheckerAccess, linkCheckerOperations } from '../../../pkg/contracts/link-checker';
import { linkServiceAccess, linkServiceOperations } from '../../../pkg/contracts/link-service';
import { newsServiceAccess } from '../../../pkg/contracts/news-service';
import {
  socialGraphServiceAccess,
  socialGraphServiceOperations,
} from '../../../pkg/contracts/social-graph-service';
import { userServiceAccess, userServiceOperations } from '../../../pkg/contracts/user-service';
import type { HttpOperation } from '../../../pkg/kit';

/** One caller's line of the README's trust table: which service, which calls, who, with what. */
interface TrustRow {
  service: string;
  calls: string[];
  caller: string;
  proof: string;
}

/** The table under "Trust inside the cluster"; a row with no service or calls continues the one above. */
function trustTable(): TrustRow[] {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('## Trust inside the cluster'));
  const all = section.split('\n');
  const first = all.findIndex((line) => line.startsWith('|'));
  const end = all.findIndex((line, i) => i > first && !line.startsWith('|'));
  const lines = all.slice(first, end);
  const rows: TrustRow[] = [];
  for (const line of lines.slice(2)) {
    const [service, calls, caller, proof] = line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim());
    const above = rows[rows.length - 1];
    rows.push({
      service: service === '' ? above.service : service.split(' ')[0],
      calls: calls === '' ? above.calls : [...calls.matchAll(/`([^`]+)`/g)].map((m) => m[1]),
      caller,
      proof,
    });
  }
  return rows;
}

/** What the table must say for one operation, from its access table. */
function expectRowsFor(rows: TrustRow[], service: string, call: string, access: CallAccess) {
  const mine = rows.filter((row) => row.service === service && row.calls.includes(call));
  const callers = Object.keys(access);
  if (callers.length === 0) {
    expect(mine.map((row) => row.caller)).toEqual(['nobody']);
    return;
  }
  expect(mine.map((row) => row.caller).sort()).toEqual([...callers].sort());
  for (const row of mine) {
    const rule = access[row.caller];
    if (typeof rule === 'object') expect(row.proof).toContain(`proof of \`${rule.forUser}\``);
    else expect(row.proof).toMatch(/^its token only/);
  }
}

const httpContracts: Array<[string, Record<string, HttpOperation>, AccessTable<Record<string, unknown>>]> = [
  ['link-service', linkServiceOperations, linkServiceAccess],
  ['social-graph-service', socialGraphServiceOperations, socialGraphServiceAccess],
  ['user-service', userServiceOperations, userServiceAccess],
  ['link-checker', linkCheckerOperations, linkCheckerAccess],
];
const operations = httpContracts.flatMap(([service, ops, access]) =>
  Object.entries(ops).map(
    ([name, op]) => [`${service} ${op.method} ${op.path}`, service, op, access[name]] as const,
  ),
);

describe("README's trust table", () => {
  const rows = trustTable();

  it.each(operations.map(([label, service, op, access]) => [label, service, op, access]))(
    '%s: says who may call it and with which proof, as its access table does',
    (_label, service, op, access) => {
      expectRowsFor(rows, service, `${op.method} ${op.path}`, access);
    },
  );

  it('news-service pb.News/GetNews: says who may call it and with which proof', () => {
    expectRowsFor(rows, 'news-service', 'pb.News/GetNews', newsServiceAccess.GetNews);
  });

  it('names no call that no contract has', () => {
    const known = new Set([
      ...operations.map(([label]) => label),
      'news-service pb.News/GetNews',
      ...['/healthz', '/readyz', '/metrics'].map((path) => `every ${path}`),
    ]);
    const named = rows.flatMap((row) => row.calls.map((call) => `${row.service} ${call}`));
    expect(named.filter((label) => !known.has(label))).toEqual([]);
  });
});
