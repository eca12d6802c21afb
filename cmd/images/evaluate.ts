/** What was measured of one running image. */
export interface ContainerReport {
  service: string;
  sizeBytes: number;
  uid: number;
  gid: number;
  /** Effective capabilities of the process, hex as in /proc (all zero when dropped). */
  capEff: string;
  /** From `podman run` to the first 200 from /healthz. */
  healthzMs: number;
  /** How long `podman stop` (SIGTERM, then SIGKILL after the grace period) took. */
  stopMs: number;
  exitCode: number;
  /** dist/cmd/migrate/main.js was run in the image (only the database services carry it). */
  migrateRuns: boolean;
}

/** A clean SIGTERM shutdown must leave most of Kubernetes' 30 s grace period unused. */
export const MAX_STOP_MS = 5000;
export const EXPECTED_UID = 1000;
export const EXPECTED_GID = 1000;

/** Every way the report breaks the deployment contract; empty when the image passes. */
export function problemsOf(report: ContainerReport): string[] {
  const problems: string[] = [];
  if (report.uid === 0) problems.push('runs as root');
  else if (report.uid !== EXPECTED_UID || report.gid !== EXPECTED_GID)
    problems.push(`runs as ${report.uid}:${report.gid}, not ${EXPECTED_UID}:${EXPECTED_GID}`);
  if (!/^0+$/.test(report.capEff)) problems.push(`has capabilities (CapEff ${report.capEff})`);
  if (report.stopMs >= MAX_STOP_MS) problems.push(`stop took ${report.stopMs} ms (limit ${MAX_STOP_MS} ms)`);
  if (report.exitCode !== 0) problems.push(`exited with code ${report.exitCode} on SIGTERM`);
  return problems;
}

const megabytes = (bytes: number): string => `${(bytes / 1_000_000).toFixed(1)} MB`;

/** The summary table: one row per image, and why it failed if it did. */
export function formatSummary(reports: ContainerReport[]): string {
  const header = ['service', 'size', 'uid:gid', 'healthz ms', 'stop ms', 'exit', 'migrate', 'result'];
  const rows = reports.map((report) => {
    const problems = problemsOf(report);
    return [
      report.service,
      megabytes(report.sizeBytes),
      `${report.uid}:${report.gid}`,
      String(report.healthzMs),
      String(report.stopMs),
      String(report.exitCode),
      report.migrateRuns ? 'runs' : '-',
      problems.length === 0 ? 'ok' : problems.join('; '),
    ];
  });
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...rows.map((row) => row[column].length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) =>
        column === 0 || column === cells.length - 1
          ? cell.padEnd(widths[column])
          : cell.padStart(widths[column]),
      )
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
