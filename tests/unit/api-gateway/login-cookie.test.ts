import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signerFactory } from '@fastify/cookie';
import { UnauthenticatedError } from '../../../pkg/object-model';
import {
  LOGIN_TTL_SECONDS,
  LoginCookie,
  loginCookieKeys,
} from '../../../svc/api-gateway-service/login-cookie';

const current = 'c'.repeat(43);
const previous = 'p'.repeat(43);
const other = 'o'.repeat(43);
const login = { state: 'the-state', verifier: 'the-verifier-of-pkce' };

/** The message of the refusal `open` throws, or 'accepted'. */
function outcome(cookie: LoginCookie, value: string | undefined): string {
  try {
    expect(cookie.open(value)).toEqual(login);
    return 'accepted';
  } catch (error) {
    expect(error).toBeInstanceOf(UnauthenticatedError);
    return (error as Error).message;
  }
}

describe('the login cookie', () => {
  it('gives back the pending login it sealed', () => {
    const cookie = new LoginCookie([current]);
    expect(outcome(cookie, cookie.seal(login))).toBe('accepted');
  });

  it("carries a command-line login's loopback address and state, and refuses a malformed one", () => {
    const cookie = new LoginCookie([current]);
    const cli = {
      ...login,
      loopback: { redirectUri: 'http://127.0.0.1:49152/callback', state: 'cli-state' },
    };
    expect(cookie.open(cookie.seal(cli))).toEqual(cli);
    const signer = signerFactory([current]);
    const malformed = { ...login, expires: Date.now() + 60_000, loopback: { redirectUri: 7 } };
    expect(
      outcome(cookie, signer.sign(Buffer.from(JSON.stringify(malformed)).toString('base64url'))),
    ).toMatch(/not valid/);
  });

  it('refuses a tampered value or signature', () => {
    const cookie = new LoginCookie([current]);
    const sealed = cookie.seal(login);
    const [payload, signature] = sealed.split('.');
    const forged = Buffer.from(
      JSON.stringify({ state: 'mine', verifier: 'mine', expires: Date.now() + 60_000 }),
    ).toString('base64url');
    expect(outcome(cookie, `${forged}.${signature}`)).toMatch(/not valid/);
    expect(outcome(cookie, `${payload}.${signature.slice(0, -2)}AA`)).toMatch(/not valid/);
    expect(outcome(cookie, payload)).toMatch(/not valid/);
    expect(outcome(cookie, undefined)).toMatch(/no login under way/);
  });

  it('refuses a signed value that is not a pending login', () => {
    const cookie = new LoginCookie([current]);
    // Signed with the right key, but not JSON, and JSON of another shape.
    const signer = signerFactory([current]);
    expect(outcome(cookie, signer.sign(Buffer.from('not json').toString('base64url')))).toMatch(/not valid/);
    expect(outcome(cookie, signer.sign(Buffer.from('{"state":1}').toString('base64url')))).toMatch(
      /not valid/,
    );
  });

  it('refuses an expired login, even though its signature is good', () => {
    let now = 1_000_000;
    const cookie = new LoginCookie([current], () => now);
    const sealed = cookie.seal(login);
    now += LOGIN_TTL_SECONDS * 1000 - 1;
    expect(outcome(cookie, sealed)).toBe('accepted');
    now += 1;
    expect(outcome(cookie, sealed)).toMatch(/expired/);
  });

  it('refuses a cookie signed with another key', () => {
    const cookie = new LoginCookie([current, previous]);
    expect(outcome(cookie, new LoginCookie([other]).seal(login))).toMatch(/not valid/);
  });

  it('accepts the current and the previous key during a rotation, and signs with the current one', () => {
    const rotated = new LoginCookie([current, previous]);
    expect(outcome(rotated, new LoginCookie([previous]).seal(login))).toBe('accepted');
    expect(outcome(new LoginCookie([current]), rotated.seal(login))).toBe('accepted');
    expect(outcome(new LoginCookie([previous]), rotated.seal(login))).toMatch(/not valid/);
  });

  it('refuses keys too short to sign with', () => {
    expect(() => new LoginCookie(['short'])).toThrow(/at least 32 characters/);
    expect(() => new LoginCookie([])).toThrow(/at least 32 characters/);
  });
});

describe('the login cookie keys', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dlk-cookie-keys-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  it('reads the current key, then the previous one, from the file', () => {
    expect(loginCookieKeys(file('two', `${current}\n${previous}\n`))).toEqual({
      keys: [current, previous],
      generated: false,
    });
    expect(loginCookieKeys(file('one', `${current}\n`)).keys).toEqual([current]);
  });

  it('names the setting when the file cannot be read', () => {
    expect(() => loginCookieKeys(join(dir, 'missing'))).toThrow(
      /^invalid configuration: LOGIN_COOKIE_KEYS_FILE .*missing cannot be read \(ENOENT\)$/,
    );
  });

  it('refuses an empty file or more than two keys', () => {
    expect(() => loginCookieKeys(file('empty', '\n'))).toThrow(/one or two keys/);
    expect(() => loginCookieKeys(file('three', `${current}\n${previous}\n${other}\n`))).toThrow(
      /one or two keys/,
    );
  });

  it('makes a random key of its own without a file', () => {
    const made = loginCookieKeys(undefined);
    expect(made.generated).toBe(true);
    expect(made.keys[0]).not.toBe(loginCookieKeys(undefined).keys[0]);
    expect(() => new LoginCookie(made.keys)).not.toThrow();
  });
});
