import { loadUserServiceConfig } from '../../../svc/user-service/config';
import { createUserService } from '../../../svc/user-service/server';
import { userRoutes } from '../../../svc/user-service/http-routes';
import { UserManagerClient } from '../../../pkg/user-client';
import { UserProofSigner, generateUserProofKeyPair } from '../../../pkg/auth';
import { UnauthenticatedError, type UserManager } from '../../../pkg/object-model';
import { describeErrorRoundTrip } from '../../support/client-round-trip';
import { testLogger } from '../../support/silent-logger';

describe('UserManagerClient against the real user service', () => {
  it('round-trips every call', async () => {
    const { app, stop } = await createUserService(
      loadUserServiceConfig({ PORT: '0', CALLER_AUTH_DISABLED: 'true' }),
      testLogger(),
    );
    try {
      const client = new UserManagerClient({ baseUrl: await app.listen({ port: 0, host: '127.0.0.1' }) });
      expect(await client.register({ username: 'ann', email: 'ann@example.com' })).toEqual({
        username: 'ann',
        email: 'ann@example.com',
      });
      const { session } = await client.login({ username: 'ann', authToken: 'proof' });
      expect(await client.resolveSession(session)).toEqual({ username: 'ann', email: 'ann@example.com' });
      expect(await client.getUser('ann')).toEqual({ username: 'ann', email: 'ann@example.com' });
      await client.logout({ username: 'ann', session });
      await expect(client.resolveSession(session)).rejects.toBeInstanceOf(UnauthenticatedError);
    } finally {
      await stop();
    }
    // The service starts an embedded PGlite (about 7 s alone, more than 30 s on a busy machine).
  }, 90_000);
});

let signer: UserProofSigner;
beforeAll(async () => {
  signer = await UserProofSigner.fromJwk(generateUserProofKeyPair().privateJwk);
});

describeErrorRoundTrip<UserManager, UserManagerClient>(
  'UserManagerClient',
  (service) => userRoutes(service, signer),
  (baseUrl) => new UserManagerClient({ baseUrl, maxAttempts: 1, breakAfter: 1000 }),
  {
    register: (c) => c.register({ username: 'ann', email: 'ann@example.com' }),
    login: (c) => c.login({ username: 'ann', authToken: 'proof' }),
    logout: (c) => c.logout({ username: 'ann', session: 'token' }),
    resolveSession: (c) => c.resolveSession('token'),
    getUser: (c) => c.getUser('ann'),
  },
);
