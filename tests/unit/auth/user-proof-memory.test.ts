import { base64url } from 'jose';
import {
  CLOCK_TOLERANCE_SECONDS,
  CallGuard,
  CallerTokenVerifier,
  UserProofSigner,
  UserProofVerifier,
  generateUserProofKeyPair,
} from '../../../pkg/auth';
import { PermissionDeniedError, UnauthenticatedError } from '../../../pkg/kit';

const keys = generateUserProofKeyPair();
const NOW = new Date('2026-03-01T08:00:00Z');
const seconds = (n: number) => new Date(NOW.getTime() + n * 1000);
let signer: UserProofSigner;

beforeAll(async () => {
  signer = await UserProofSigner.fromJwk(keys.privateJwk, 60);
});

const fresh = (maxRemembered?: number) =>
  UserProofVerifier.fromJwks({ keys: [keys.publicJwk] }, maxRemembered);

async function refusal(verifier: UserProofVerifier, proof: string, at: Date): Promise<string> {
  const error = await verifier.verify(proof, at).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UnauthenticatedError);
  return (error as Error).message;
}

describe('a verified user proof remembered by its text', () => {
  it('answers the same user again without being forgotten', async () => {
    const verifier = fresh();
    const proof = await signer.sign('alice', NOW);
    expect(await verifier.verify(proof, NOW)).toEqual({ username: 'alice', expiresAt: seconds(60) });
    expect(verifier.rememberedCount).toBe(1);
    expect(await verifier.verify(proof, seconds(30))).toEqual({ username: 'alice', expiresAt: seconds(60) });
    expect(verifier.rememberedCount).toBe(1);
  });

  it('is still refused once expired, for the same reason as a fresh one, and forgotten', async () => {
    const verifier = fresh();
    const proof = await signer.sign('alice', NOW);
    await verifier.verify(proof, NOW);
    expect((await verifier.verify(proof, seconds(60 + CLOCK_TOLERANCE_SECONDS - 1))).username).toBe('alice');
    expect(await refusal(verifier, proof, seconds(60 + CLOCK_TOLERANCE_SECONDS + 1))).toMatch(/expired/);
    expect(verifier.rememberedCount).toBe(0);
  });

  it('is refused on a clock far behind the one it was verified at (issued in the future)', async () => {
    const verifier = fresh();
    const proof = await signer.sign('alice', NOW);
    await verifier.verify(proof, NOW);
    await refusal(verifier, proof, seconds(-CLOCK_TOLERANCE_SECONDS - 5));
  });

  it('vouches for no other text: a tampered copy of a remembered proof is refused', async () => {
    const verifier = fresh();
    const proof = await signer.sign('alice', NOW);
    await verifier.verify(proof, NOW);
    const [header, payload, signature] = proof.split('.');
    const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload))) as { sub: string };
    claims.sub = 'bob';
    const tampered = [header, base64url.encode(JSON.stringify(claims)), signature].join('.');
    expect(await refusal(verifier, tampered, NOW)).toMatch(/bad signature/);
  });

  it('proves its own user only: a call naming another user is denied', async () => {
    const token = 'gateway-token-0123456789';
    const guard = new CallGuard(new CallerTokenVerifier(new Map([['api-gateway-service', token]])), fresh());
    const access = { 'api-gateway-service': { forUser: 'username' } };
    const proof = await signer.sign('alice', new Date());
    const presented = { callerToken: token, userProof: proof };
    await expect(guard.admit(access, presented, () => 'alice')).resolves.toBe('api-gateway-service');
    await expect(guard.admit(access, presented, () => 'bob')).rejects.toBeInstanceOf(PermissionDeniedError);
    await expect(guard.admit(access, presented, () => 'alice')).resolves.toBe('api-gateway-service');
  });

  it('keeps memory bounded: expired proofs make room first, then everything goes', async () => {
    const verifier = fresh(2);
    const old = await signer.sign('old', seconds(-50));
    await verifier.verify(old, NOW);
    await verifier.verify(await signer.sign('alice', NOW), NOW);
    expect(verifier.rememberedCount).toBe(2);
    // At +20 s the old proof has expired: it makes room for bob's.
    const bob = await signer.sign('bob', seconds(20));
    await verifier.verify(bob, seconds(20));
    expect(verifier.rememberedCount).toBe(2);
    await verifier.verify(await signer.sign('carol', seconds(20)), seconds(20));
    expect(verifier.rememberedCount).toBe(1);
    expect((await verifier.verify(bob, seconds(21))).username).toBe('bob');
  });
});
