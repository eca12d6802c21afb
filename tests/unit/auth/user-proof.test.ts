import { SignJWT, base64url, decodeProtectedHeader, importJWK } from 'jose';
import {
  CLOCK_TOLERANCE_SECONDS,
  UserProofSigner,
  UserProofVerifier,
  generateUserProofKeyPair,
} from '../../../pkg/auth';
import { ConfigError, UnauthenticatedError } from '../../../pkg/kit';

const current = generateUserProofKeyPair();
const previous = generateUserProofKeyPair();
const other = generateUserProofKeyPair();
const NOW = new Date('2026-01-01T12:00:00Z');
const seconds = (n: number) => new Date(NOW.getTime() + n * 1000);

let signer: UserProofSigner;
let previousSigner: UserProofSigner;
let otherSigner: UserProofSigner;
const verifier = UserProofVerifier.fromJwks({ keys: [current.publicJwk, previous.publicJwk] });

beforeAll(async () => {
  signer = await UserProofSigner.fromJwk(current.privateJwk, 60);
  previousSigner = await UserProofSigner.fromJwk(previous.privateJwk, 60);
  otherSigner = await UserProofSigner.fromJwk(other.privateJwk, 60);
});

async function refusal(proof: string, at = NOW): Promise<string> {
  const error = await verifier.verify(proof, at).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UnauthenticatedError);
  return (error as Error).message;
}

describe('user proofs', () => {
  it('prove the user they were signed for, named by the key that signed them', async () => {
    const proof = await signer.sign('alice', NOW);
    expect(decodeProtectedHeader(proof)).toEqual({ alg: 'EdDSA', kid: current.publicJwk.kid, typ: 'JWT' });
    expect(await verifier.verify(proof, NOW)).toEqual({ username: 'alice', expiresAt: seconds(60) });
  });

  it('are accepted until they expire, with the clock tolerance and no more', async () => {
    const proof = await signer.sign('alice', NOW);
    expect((await verifier.verify(proof, seconds(59))).username).toBe('alice');
    expect((await verifier.verify(proof, seconds(60 + CLOCK_TOLERANCE_SECONDS - 1))).username).toBe('alice');
    expect(await refusal(proof, seconds(60 + CLOCK_TOLERANCE_SECONDS + 1))).toMatch(/expired/);
  });

  it('tolerate a verifier clock a little behind the signer, not one far behind', async () => {
    const proof = await signer.sign('alice', NOW);
    expect((await verifier.verify(proof, seconds(-CLOCK_TOLERANCE_SECONDS))).username).toBe('alice');
    await refusal(proof, seconds(-CLOCK_TOLERANCE_SECONDS - 5));
  });

  it('signed with the previous key are still accepted during a rotation', async () => {
    expect((await verifier.verify(await previousSigner.sign('bob', NOW), NOW)).username).toBe('bob');
  });

  it('signed with a key the verifier does not know are refused', async () => {
    expect(await refusal(await otherSigner.sign('alice', NOW))).toMatch(/unknown key/);
  });

  it('re-signed with another key under a known kid are refused', async () => {
    const forged = await new SignJWT({})
      .setProtectedHeader({ alg: 'EdDSA', kid: current.publicJwk.kid })
      .setSubject('alice')
      .setIssuer('user-service')
      .setAudience('delinkcious-services')
      .setIssuedAt(NOW)
      .setExpirationTime(seconds(60))
      .sign(await importJWK(other.privateJwk, 'EdDSA'));
    expect(await refusal(forged)).toMatch(/bad signature/);
  });

  it('with a tampered payload are refused', async () => {
    const [header, payload, signature] = (await signer.sign('alice', NOW)).split('.');
    const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload))) as { sub: string };
    claims.sub = 'bob';
    const tampered = [header, base64url.encode(JSON.stringify(claims)), signature].join('.');
    expect(await refusal(tampered)).toMatch(/bad signature/);
  });

  it('with alg none (no signature) are refused', async () => {
    const proof = await signer.sign('alice', NOW);
    const [, payload] = proof.split('.');
    const none = `${base64url.encode(JSON.stringify({ alg: 'none', kid: current.publicJwk.kid }))}.${payload}.`;
    await refusal(none);
  });

  it('that are not JWTs at all are refused', async () => {
    await refusal('not-a-proof');
  });

  it('take keys of one kind only: Ed25519 with a kid, and no private key among the public ones', async () => {
    expect(() => UserProofVerifier.fromJwks({ keys: [current.privateJwk] })).toThrow(ConfigError);
    expect(() => UserProofVerifier.fromJwks({ keys: [] })).toThrow(ConfigError);
    const { kid: _kid, ...noKid } = current.publicJwk;
    expect(() => UserProofVerifier.fromJwks({ keys: [noKid] })).toThrow(ConfigError);
    await expect(UserProofSigner.fromJwk(current.publicJwk)).rejects.toThrow(ConfigError);
  });
});
