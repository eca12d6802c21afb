import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface BenchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A database of this run's own on the local Postgres; `drop` removes it (connections and all). */
export async function createBenchDatabase(adminUrl: string, purpose: string): Promise<BenchDatabase> {
  const name = `dlk_bench_${purpose}_${randomBytes(4).toString('hex')}`;
  await withClient(adminUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();
  return {
    name,
    url,
    drop: () =>
      withClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}

/**
 * Bulk-loads `perUser` links for each of `usernames` in one INSERT … SELECT over
 * generate_series (not through the API: a million adds would take an hour), then
 * refreshes the planner's statistics as autovacuum would after a load.
 */
export async function bulkLoadLinks(url: string, usernames: string[], perUser: number): Promise<void> {
  await withClient(url, async (client) => {
    // A hundred users per statement keeps each one's memory and WAL modest.
    for (let i = 0; i < usernames.length; i += 100) {
      await client.query(
        `INSERT INTO links (username, url, title, description, tags, status, created_at, updated_at)
       SELECT u.name, 'https://bulk.example/' || u.name || '/' || n, 'bulk link ' || n, '',
              ARRAY['tag' || (n % 20)], 'pending',
              now() - make_interval(secs => $2::int - n), now() - make_interval(secs => $2::int - n)
       FROM unnest($1::text[]) AS u(name), generate_series(1, $2::int) AS n
       ORDER BY n, u.name`,
        [usernames.slice(i, i + 100), perUser],
      );
    }
    await client.query('VACUUM ANALYZE links');
  });
}

/** The planner's plan for the link service's first-page query, for the report. */
export async function explainFirstPage(url: string, username: string): Promise<string> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN SELECT id, url, title, description, tags, status, created_at, updated_at
       FROM links WHERE username = $1 ORDER BY id DESC LIMIT 11`,
      [username],
    );
    return rows.map((row) => row['QUERY PLAN']).join(' / ');
  });
}
