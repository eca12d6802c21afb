import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';

/**
 * Fresh caller tokens for one local run, written where the services read them (in a
 * cluster they come from a Secret): the social graph's `caller: token` file and one
 * token file per calling service.
 */
export function writeCallerTokens(
  dir: string,
  callers: string[],
): { tokensFile: string; tokenFileOf: Record<string, string> } {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tokens = Object.fromEntries(callers.map((caller) => [caller, randomBytes(32).toString('base64url')]));
  const tokensFile = join(dir, 'caller-tokens.yaml');
  writeFileSync(tokensFile, stringify(tokens), { mode: 0o600 });
  chmodSync(tokensFile, 0o600);
  const tokenFileOf: Record<string, string> = {};
  for (const caller of callers) {
    tokenFileOf[caller] = join(dir, `${caller}.token`);
    writeFileSync(tokenFileOf[caller], tokens[caller], { mode: 0o600 });
  }
  return { tokensFile, tokenFileOf };
}
