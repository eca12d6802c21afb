import { PgDb, migrate } from '../../../pkg/db';
import {
  PostgresUserStore,
  USER_MIGRATIONS_LOCK,
  UserService,
  hashSessionToken,
  userMigrations,
} from '../../../pkg/user-manager';
import { AlreadyExistsError } from '../../../pkg/object-model';
import { createTestDatabase, type TestDatabase } from '../../support/postgres';
import { describeUserStoreContract } from '../../support/user-store-contract';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase('users');
});
afterAll(async () => {
  await database.drop();
});

async function freshStore() {
  const db = new PgDb({ connectionString: database.url });
  await migrate(db, USER_MIGRATIONS_LOCK, userMigrations);
  await db.query('TRUNCATE users, sessions, feed_tokens');
  return { db, store: new PostgresUserStore(db) };
}

describeUserStoreContract('real Postgres', async () => {
  const { db, store } = await freshStore();
  return { store, close: () => db.close() };
});

describe('sessions on real Postgres', () => {
  it('are random, and the database holds only their SHA-256', async () => {
    const { db, store } = await freshStore();
    try {
      const service = new UserService(store, { sessionTtlSeconds: 3600 });
      await service.register({ username: 'ann', email: 'ann@example.com' });
      const tokens: string[] = [];
      for (let i = 0; i < 50; i++)
        tokens.push((await service.login({ username: 'ann', authToken: 'proof' })).session);
      expect(new Set(tokens).size).toBe(50);
      expect(tokens.every((token) => /^[A-Za-z0-9_-]{43}$/.test(token))).toBe(true);

      const { rows } = await db.query<Record<string, unknown>>('SELECT * FROM sessions');
      const stored = JSON.stringify(rows);
      for (const token of tokens) {
        expect(stored).not.toContain(token);
        expect(stored).toContain(hashSessionToken(token));
      }
      expect((await service.resolveSession(tokens[7])).username).toBe('ann');
    } finally {
      await db.close();
    }
  });

  it('concurrent registrations of one name: one user, the others idempotent or refused', async () => {
    const { db, store } = await freshStore();
    try {
      const service = new UserService(store, { sessionTtlSeconds: 3600 });
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) =>
          service.register({
            username: 'racer',
            email: i % 2 === 0 ? 'same@example.com' : `other${i}@example.com`,
          }),
        ),
      );
      const { rows } = await db.query<{ email: string }>("SELECT email FROM users WHERE username = 'racer'");
      expect(rows).toHaveLength(1);
      for (const result of results) {
        if (result.status === 'fulfilled') expect(result.value.email).toBe(rows[0].email);
        else expect(result.reason).toBeInstanceOf(AlreadyExistsError);
      }
    } finally {
      await db.close();
    }
  });
});
