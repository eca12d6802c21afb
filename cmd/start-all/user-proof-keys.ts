import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateUserProofKeyPair } from '../../pkg/auth';

/**
 * A fresh key pair for the user proofs of one local run, written where the services read
 * them (in a cluster they come from Secrets): the user service's private key, and the
 * public key set every service verifies with.
 */
export function writeUserProofKeys(dir: string): { signingKeyFile: string; publicKeysFile: string } {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const { privateJwk, publicJwk } = generateUserProofKeyPair();
  const paths = userProofKeyPaths(dir);
  writeFileSync(paths.signingKeyFile, JSON.stringify(privateJwk), { mode: 0o600 });
  writeFileSync(paths.publicKeysFile, JSON.stringify({ keys: [publicJwk] }), { mode: 0o600 });
  return paths;
}

export function userProofKeyPaths(dir: string): { signingKeyFile: string; publicKeysFile: string } {
  return {
    signingKeyFile: join(dir, 'user-proof-signing-key.jwk'),
    publicKeysFile: join(dir, 'user-proof-public-keys.jwks'),
  };
}
