import { fork } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import type { PGliteOptions } from '@electric-sql/pglite';
import { PGliteDb, SharedPGlite, type Db } from '../../pkg/db';

/** The services that keep a Postgres database, and the name of each one's database. */
export const DATABASES = {
  'link-service': 'link_manager',
  'user-service': 'user_manager',
  'social-graph-service': 'social_graph_manager',
} as const;

export type DatabaseOwner = keyof typeof DATABASES;

/**
 * Postgres's default 128 MB of shared buffers is sized for a server; a laptop's handful
 * of rows needs far less, and each MB is resident memory.
 */
export const EMBEDDED_POSTGRES_OPTIONS: PGliteOptions = { postgresqlconf: ['shared_buffers=16MB'] };

/**
 * Has V8 compile WebAssembly with its baseline compiler (Liftoff) only, for the wasm this
 * process compiles from here on: PGlite's Postgres (and undici's HTTP parser). With the
 * optimising tier on, V8 recompiles Postgres's hot functions on the second core while
 * the system starts, and the event loop waits for it (0.2–0.4 s of each start, seen as
 * an idle gap before the news service's gRPC bind); its code also stays resident.
 * Measured on a 2-core machine: node cmd/start.mjs answering after 1.5–1.6 s instead of
 * 2.6–2.9 s (with ajv no longer loaded by fastify), 160–190 MB resident instead of
 * 250–280 MB after 20 link adds, and a journey of 300 link adds and 300 reads no slower:
 * a laptop's handful of rows never needs the optimised code.
 */
export function compileWasmWithBaselineOnly(): void {
  setFlagsFromString('--liftoff-only');
}

/** The folder of the one embedded Postgres, under DATA_DIR. */
export const EMBEDDED_FOLDER = 'postgres';

export interface EmbeddedDatabases {
  /** Each service's database: its own schema of one instance (or its own instance, in an older folder). */
  of(owner: DatabaseOwner): Promise<Db>;
  /** How the banner describes them. */
  description: string;
  close(): Promise<void>;
}

/** Folders of the layout before one instance held every schema: one PGlite per service. */
function olderLayout(dataDir: string): boolean {
  return (
    !existsSync(join(dataDir, EMBEDDED_FOLDER)) &&
    Object.values(DATABASES).some((name) => existsSync(join(dataDir, name, 'PG_VERSION')))
  );
}

/**
 * Creating a PGlite database runs initdb in a second WebAssembly instance, whose memory
 * the process keeps long after; run it in a child process that gives it all back.
 */
async function initialise(folder: string): Promise<void> {
  if (existsSync(join(folder, 'PG_VERSION'))) return;
  const child = fork(join(__dirname, 'init-database.js'), [folder], {
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(stderr.trim() || `creating the embedded database in ${folder} failed`);
}

/** The embedded databases of the services that were given no DATABASE_URL, under `dataDir`. */
export async function openEmbeddedDatabases(dataDir: string): Promise<EmbeddedDatabases> {
  compileWasmWithBaselineOnly();
  if (olderLayout(dataDir)) {
    // Kept as it is, so nothing saved before is lost: one instance per service.
    return {
      of: (owner) => PGliteDb.open(join(dataDir, DATABASES[owner]), EMBEDDED_POSTGRES_OPTIONS),
      description: `one embedded Postgres per service (a folder from an earlier version) in ${dataDir}`,
      // Each service closes its own instance when it stops.
      close: async () => {},
    };
  }
  const folder = join(dataDir, EMBEDDED_FOLDER);
  await initialise(folder);
  const shared = await SharedPGlite.open(folder, EMBEDDED_POSTGRES_OPTIONS);
  return {
    of: (owner) => shared.database(DATABASES[owner]),
    description: `one embedded Postgres (PGlite) in ${folder}`,
    close: () => shared.close(),
  };
}
