/**
 * Applies a service's database migrations and exits: what a Kubernetes init container
 * or Job runs before the service starts. Usage: `node dist/cmd/migrate/main.js <service>`
 * with DATABASE_URL set. Creates the database first when it does not exist yet.
 */
import { Client } from 'pg';
import { PgDb, migrate, type Migration } from '../../pkg/db';
import { loadConfig, setting, ConfigError } from '../../pkg/kit';
import { LINK_MIGRATIONS_LOCK, linkMigrations } from '../../pkg/link-manager';
import { SOCIAL_GRAPH_MIGRATIONS_LOCK, socialGraphMigrations } from '../../pkg/social-graph-manager';
import { USER_MIGRATIONS_LOCK, userMigrations } from '../../pkg/user-manager';

const SERVICES: Record<string, { lock: number; migrations: Migration[] }> = {
  'link-service': { lock: LINK_MIGRATIONS_LOCK, migrations: linkMigrations },
  'user-service': { lock: USER_MIGRATIONS_LOCK, migrations: userMigrations },
  'social-graph-service': { lock: SOCIAL_GRAPH_MIGRATIONS_LOCK, migrations: socialGraphMigrations },
};

async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString(), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) {
      // Identifiers cannot be parameters; the name is quoted and its quotes doubled.
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
      console.log(`created database ${name}`);
    }
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const service = process.argv[2];
  const target = service === undefined ? undefined : SERVICES[service];
  if (!target) throw new ConfigError(`usage: migrate <${Object.keys(SERVICES).join('|')}>`);
  const { DATABASE_URL } = loadConfig({ DATABASE_URL: setting.url(['postgres', 'postgresql']) });
  await ensureDatabase(DATABASE_URL);
  const db = new PgDb({ connectionString: DATABASE_URL });
  try {
    const applied = await migrate(db, target.lock, target.migrations);
    console.log(
      applied.length ? `${service}: applied ${applied.join(', ')}` : `${service}: schema is up to date`,
    );
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(`migrate: ${(error as Error).message}`);
  process.exit(1);
});
