import { createHash, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  SignJWT,
  createLocalJWKSet,
  errors,
  importJWK,
  jwtVerify,
  type JWK,
  type JWTVerifyGetKey,
} from 'jose';
import { ConfigError } from '../kit';
import { UnauthenticatedError } from '../kit/errors';

/** The header a call made for a user carries that user's proof in. */
export const USER_PROOF_HEADER = 'delinkcious-user-proof';

/** Ed25519 signatures: small keys, fast to verify, one algorithm only (no `alg` confusion). */
const ALGORITHM = 'EdDSA';
const ISSUER = 'user-service';
const AUDIENCE = 'delinkcious-services';
/** Clocks of two pods may disagree by this much. */
export const CLOCK_TOLERANCE_SECONDS = 5;
/** No proof is accepted longer than this after it was issued, whatever its `exp` says. */
const MAX_AGE_SECONDS = 120;

/** A key pair for user proofs, as JWKs with a key id: the private one signs, the public one verifies. */
export interface UserProofKeyPair {
  privateJwk: JWK;
  publicJwk: JWK;
}

/** A fresh Ed25519 key pair; its `kid` is a digest of the public key, so it names the key. */
export function generateUserProofKeyPair(): UserProofKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const publicJwk = publicKey.export({ format: 'jwk' }) as JWK;
  const kid = createHash('sha256').update(publicJwk.x!).digest('base64url').slice(0, 16);
  const meta = { kid, alg: ALGORITHM, use: 'sig' };
  return {
    privateJwk: { ...(privateKey.export({ format: 'jwk' }) as JWK), ...meta },
    publicJwk: { ...publicJwk, ...meta },
  };
}

function readJson(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `${what} ${path} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ConfigError(`${what} ${path} is not JSON`);
  }
}

const isEd25519 = (jwk: JWK) => jwk.kty === 'OKP' && jwk.crv === 'Ed25519' && typeof jwk.kid === 'string';

/** Signs the proofs: held by the user service alone. */
export class UserProofSigner {
  private constructor(
    private readonly key: Awaited<ReturnType<typeof importJWK>>,
    private readonly kid: string,
    private readonly ttlSeconds: number,
  ) {}

  static async fromJwk(jwk: JWK, ttlSeconds = 60): Promise<UserProofSigner> {
    if (!isEd25519(jwk) || typeof jwk.d !== 'string') {
      throw new ConfigError('the user proof signing key must be a private Ed25519 JWK with a kid');
    }
    return new UserProofSigner(await importJWK(jwk, ALGORITHM), jwk.kid!, ttlSeconds);
  }

  /** The private JWK in `path` (a mounted Secret). */
  static fromFile(path: string, ttlSeconds?: number): Promise<UserProofSigner> {
    return UserProofSigner.fromJwk(readJson(path, 'user proof signing key') as JWK, ttlSeconds);
  }

  /** A proof that `username` is the signed-in user, good for `ttlSeconds`. */
  sign(username: string, now = new Date()): Promise<string> {
    const issuedAt = Math.floor(now.getTime() / 1000);
    return new SignJWT({})
      .setProtectedHeader({ alg: ALGORITHM, kid: this.kid, typ: 'JWT' })
      .setSubject(username)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + this.ttlSeconds)
      .sign(this.key);
  }
}

/** A verified proof: whom it proves, and until when. */
export interface VerifiedUserProof {
  username: string;
  expiresAt: Date;
}

/** The claims a verified proof's later checks need: they depend on the time, not on the key. */
interface VerifiedClaims {
  username: string;
  issuedAt: number;
  expiresAt: number;
  notBefore?: number;
}

/** Verified proofs remembered at most; a gateway replica forwards one proof per active user. */
const MAX_REMEMBERED_PROOFS = 10_000;

/**
 * Verifies proofs locally with the user service's public keys: the current one and, during
 * a rotation, the previous one (each proof names its key by `kid`). Every failure is
 * UNAUTHENTICATED: expired, issued in the future, unknown key, bad signature, `alg: none`.
 *
 * A gateway forwards the same proof on every call it makes for a user until it nearly
 * expires, and an Ed25519 verification costs more CPU than the rest of a simple call, so
 * each verified proof is remembered by its exact text. The text is signed, so the same
 * text cannot prove anything else; the keys are fixed for the verifier's life; only the
 * checks that depend on the time (expiry, age, not-before, issued in the future) are made
 * again on each use, with the same bounds. A remembered proof that fails them is
 * forgotten and verified from scratch, so its refusal says why as before.
 */
export class UserProofVerifier {
  private readonly verified = new Map<string, VerifiedClaims>();

  private constructor(
    private readonly keys: JWTVerifyGetKey,
    private readonly maxRemembered = MAX_REMEMBERED_PROOFS,
  ) {}

  static fromJwks(jwks: { keys: JWK[] }, maxRemembered?: number): UserProofVerifier {
    if (!Array.isArray(jwks?.keys) || jwks.keys.length === 0 || !jwks.keys.every(isEd25519)) {
      throw new ConfigError('user proof public keys must be a JWK set of Ed25519 keys, each with a kid');
    }
    if (jwks.keys.some((jwk) => 'd' in jwk)) {
      throw new ConfigError('user proof public keys must not hold a private key');
    }
    return new UserProofVerifier(createLocalJWKSet(jwks), maxRemembered);
  }

  /** The JWK set in `path` (a mounted Secret). */
  static fromFile(path: string): UserProofVerifier {
    return UserProofVerifier.fromJwks(readJson(path, 'user proof public keys') as { keys: JWK[] });
  }

  /** How many verified proofs are remembered now. */
  get rememberedCount(): number {
    return this.verified.size;
  }

  async verify(proof: string, now = new Date()): Promise<VerifiedUserProof> {
    const nowSeconds = Math.floor(now.getTime() / 1000);
    const remembered = this.verified.get(proof);
    if (remembered) {
      if (timelyAt(remembered, nowSeconds)) return verifiedProof(remembered);
      this.verified.delete(proof);
    }
    const claims = await this.verifySignatureAndClaims(proof, now);
    this.remember(proof, claims, nowSeconds);
    return verifiedProof(claims);
  }

  private async verifySignatureAndClaims(proof: string, now: Date): Promise<VerifiedClaims> {
    try {
      const { payload } = await jwtVerify(proof, this.keys, {
        algorithms: [ALGORITHM],
        issuer: ISSUER,
        audience: AUDIENCE,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        maxTokenAge: MAX_AGE_SECONDS,
        requiredClaims: ['sub', 'exp', 'iat'],
        currentDate: now,
      });
      return {
        username: payload.sub!,
        issuedAt: payload.iat!,
        expiresAt: payload.exp!,
        notBefore: payload.nbf,
      };
    } catch (error) {
      if (error instanceof errors.JOSEError)
        throw new UnauthenticatedError(`user proof refused: ${reason(error)}`);
      throw error;
    }
  }

  /** Keeps memory bounded: when full, expired proofs go first, and everything if none has. */
  private remember(proof: string, claims: VerifiedClaims, nowSeconds: number): void {
    if (this.verified.size >= this.maxRemembered) {
      for (const [text, held] of this.verified) {
        if (!timelyAt(held, nowSeconds)) this.verified.delete(text);
      }
      if (this.verified.size >= this.maxRemembered) this.verified.clear();
    }
    this.verified.set(proof, claims);
  }
}

/** jose's time checks of jwtVerify, with the same options: a remembered proof passes them exactly when a fresh verification would. */
function timelyAt(claims: VerifiedClaims, nowSeconds: number): boolean {
  const tolerance = CLOCK_TOLERANCE_SECONDS;
  const age = nowSeconds - claims.issuedAt;
  return (
    (claims.notBefore === undefined || claims.notBefore <= nowSeconds + tolerance) &&
    claims.expiresAt > nowSeconds - tolerance &&
    age - tolerance <= MAX_AGE_SECONDS &&
    age >= -tolerance
  );
}

const verifiedProof = (claims: VerifiedClaims): VerifiedUserProof => ({
  username: claims.username,
  expiresAt: new Date(claims.expiresAt * 1000),
});

function reason(error: InstanceType<typeof errors.JOSEError>): string {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWKSNoMatchingKey) return 'unknown key';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'bad signature';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'algorithm not allowed';
  return error.code;
}
