import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { POSTGRES_ADMIN_URL } from '../../support/postgres';

const run = promisify(execFile);
const name = `dlk_test_migrate_${process.pid}`;
const url = Object.assign(new URL(POSTGRES_ADMIN_URL), { pathname: `/${name}` }).toString();

async function admin(sql: string) {
  const client = new Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

afterAll(async () => {
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
});

// Runs the built command, as the Kubernetes init container does (npm test builds first).
const migrate = (...args: string[]) =>
  run(process.execPath, ['dist/cmd/migrate/main.js', ...args], {
    env: { ...process.env, DATABASE_URL: url },
  });

describe('cmd/migrate', () => {
  it('creates the database, applies the migrations once, then reports it up to date', async () => {
    const first = await migrate('link-service');
    expect(first.stdout).toContain(`created database ${name}`);
    expect(first.stdout).toContain('link-service: applied 001_create_links_and_outbox');
    const second = await migrate('link-service');
    expect(second.stdout.trim()).toBe('link-service: schema is up to date');
    const tables = await admin(`SELECT 1 FROM pg_database WHERE datname = '${name}'`);
    expect(tables.rowCount).toBe(1);
  });

  it('migrates the user and social graph databases too', async () => {
    expect((await migrate('user-service')).stdout).toContain(
      'user-service: applied 001_create_users_and_sessions',
    );
    expect((await migrate('social-graph-service')).stdout).toContain(
      'social-graph-service: applied 001_create_follows',
    );
  });

  it('refuses an unknown service with a one-line usage error', async () => {
    await expect(migrate('nope')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^migrate: usage: migrate <link-service/),
    });
  });
});
