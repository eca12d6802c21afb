import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';

/** Where the caller tokens of one local run live: the social graph's file, and one file per caller. */
export function callerTokenPaths(
  dir: string,
  callers: readonly string[],
): { tokensFile: string; tokenFileOf: Record<string, string> } {
  return {
    tokensFile: join(dir, 'caller-tokens.yaml'),
    tokenFileOf: Object.fromEntries(callers.map((caller) => [caller, join(dir, `${caller}.token`)])),
  };
}

/**
 * Fresh caller tokens for one local run, written where the services read them (in a
 * cluster they come from a Secret): the social graph's `caller: token` file and one
 * token file per calling service.
 */
export function writeCallerTokens(
  dir: string,
  callers: readonly string[],
): { tokensFile: string; tokenFileOf: Record<string, string> } {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const paths = callerTokenPaths(dir, callers);
  const tokens = Object.fromEntries(callers.map((caller) => [caller, randomBytes(32).toString('base64url')]));
  writeFileSync(paths.tokensFile, stringify(tokens), { mode: 0o600 });
  chmodSync(paths.tokensFile, 0o600);
  for (const caller of callers) {
    writeFileSync(paths.tokenFileOf[caller], tokens[caller], { mode: 0o600 });
  }
  return paths;
}
