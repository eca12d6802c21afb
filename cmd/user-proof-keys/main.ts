/**
 * A new key pair for user proofs, for a rotation (README: Trust inside the cluster).
 * Usage: `node dist/cmd/user-proof-keys/main.js <out-dir> [current-public.jwks]` writes
 * `<out-dir>/private.jwk` (the new signing key) and `<out-dir>/public.jwks`: the new public
 * key first, then the current one from the given file, still accepted while proofs signed
 * with it live. Keys older than the current one are dropped.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserProofVerifier, generateUserProofKeyPair } from '../../pkg/auth';

function main(): void {
  const [outDir, currentFile] = process.argv.slice(2);
  if (!outDir) throw new Error('usage: user-proof-keys <out-dir> [current-public.jwks]');
  let current: Array<{ kid?: string }> = [];
  if (currentFile) {
    // Checked as every service will check it, before anything is written.
    UserProofVerifier.fromFile(currentFile);
    current = readKeys(currentFile).slice(0, 1);
  }
  const { privateJwk, publicJwk } = generateUserProofKeyPair();
  mkdirSync(outDir, { recursive: true, mode: 0o700 });
  writeFileSync(join(outDir, 'private.jwk'), JSON.stringify(privateJwk), { mode: 0o600 });
  writeFileSync(join(outDir, 'public.jwks'), JSON.stringify({ keys: [publicJwk, ...current] }), {
    mode: 0o600,
  });
  console.log(`new key ${publicJwk.kid}${current.length ? `; still accepted: ${current[0].kid}` : ''}`);
}

function readKeys(path: string): Array<{ kid?: string }> {
  return (JSON.parse(readFileSync(path, 'utf8')) as { keys: Array<{ kid?: string }> }).keys;
}

try {
  main();
} catch (error) {
  console.error(`user-proof-keys: ${(error as Error).message}`);
  process.exit(1);
}
