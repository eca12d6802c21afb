import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { ConfigError } from '../kit';

/** The header a calling service sends its token in. */
export const CALLER_TOKEN_HEADER = 'delinkcious-caller-token';
const MIN_TOKEN_LENGTH = 16;

function read(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `${what} ${path} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

/**
 * Reads the `caller: token` pairs a service trusts (in Kubernetes, a mounted Secret like
 * the Go original's /etc/delinkcious/mutual-auth.yaml).
 */
export function loadCallerTokens(path: string): Map<string, string> {
  let parsed: unknown;
  try {
    parsed = parse(read(path, 'caller tokens file'));
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(
      `caller tokens file ${path} is not YAML: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(`caller tokens file ${path} must map each caller to its token`);
  }
  const tokens = new Map<string, string>();
  for (const [caller, token] of Object.entries(parsed)) {
    if (typeof token !== 'string' || token.length < MIN_TOKEN_LENGTH) {
      throw new ConfigError(
        `caller tokens file ${path}: the token of ${caller} must be a string of ${MIN_TOKEN_LENGTH}+ characters`,
      );
    }
    tokens.set(caller, token);
  }
  return tokens;
}

/** A calling service's own token, from a file holding just the token. */
export function loadOwnCallerToken(path: string): string {
  const token = read(path, 'caller token file').trim();
  if (token.length < MIN_TOKEN_LENGTH) {
    throw new ConfigError(`caller token file ${path} must hold a token of ${MIN_TOKEN_LENGTH}+ characters`);
  }
  return token;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Finds the caller a token belongs to, comparing in constant time. */
export class CallerTokenVerifier {
  private readonly digests: Array<[string, Buffer]>;

  constructor(tokens: Map<string, string>) {
    this.digests = [...tokens].map(([caller, token]) => [caller, digest(token)]);
  }

  /** Every entry is compared, on digests of equal length, so timing tells nothing. */
  identify(token: string): string | undefined {
    const presented = digest(token);
    let match: string | undefined;
    for (const [caller, expected] of this.digests) {
      if (timingSafeEqual(presented, expected)) match = caller;
    }
    return match;
  }
}
