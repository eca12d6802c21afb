import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyRequest } from 'fastify';
import {
  CALLER_TOKEN_HEADER,
  CallerTokenVerifier,
  loadCallerTokens,
  loadOwnCallerToken,
  requireCaller,
} from '../../../pkg/auth';
import { ConfigError } from '../../../pkg/kit';
import { PermissionDeniedError, UnauthenticatedError } from '../../../pkg/object-model';

const dir = mkdtempSync(join(tmpdir(), 'dlk-auth-bounds-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const file = (text: string) => {
  const path = join(dir, `f${files++}`);
  writeFileSync(path, text);
  return path;
};
const sixteen = 'k'.repeat(16);

describe('the caller tokens file', () => {
  it.each([
    ['an empty file', ''],
    ['a YAML scalar', 'just-one-long-token-string\n'],
    ['a YAML list', '- aaaaaaaaaaaaaaaaaaaa\n'],
  ])('refuses %s: it must map callers to tokens', (_what, text) => {
    const path = file(text);
    expect(() => loadCallerTokens(path)).toThrow(
      new ConfigError(`caller tokens file ${path} must map each caller to its token`),
    );
  });

  it('names a missing file as the caller tokens file, with the reason', () => {
    const missing = join(dir, 'no-such-file');
    expect(() => loadCallerTokens(missing)).toThrow(
      new ConfigError(`caller tokens file ${missing} cannot be read: ENOENT`),
    );
  });

  it("quotes the first line of the YAML parser's complaint", () => {
    const path = file('a: [unclosed\n');
    expect(() => loadCallerTokens(path)).toThrow(
      expect.objectContaining({
        message: expect.stringMatching(new RegExp(`^caller tokens file ${path} is not YAML: [^\\n]{10,}$`)),
      }),
    );
  });

  it('refuses a token that is not a string, even a long number', () => {
    const path = file('news-service: 12345678901234567890\n');
    expect(() => loadCallerTokens(path)).toThrow(
      new ConfigError(
        `caller tokens file ${path}: the token of news-service must be a string of 16+ characters`,
      ),
    );
  });

  it('accepts a 16-character token and refuses a 15-character one', () => {
    expect(loadCallerTokens(file(`news-service: ${sixteen}\n`)).get('news-service')).toBe(sixteen);
    expect(() => loadCallerTokens(file(`news-service: ${sixteen.slice(1)}\n`))).toThrow(ConfigError);
  });
});

describe("a service's own caller token file", () => {
  it('accepts 16 characters after trimming and refuses 15', () => {
    expect(loadOwnCallerToken(file(` ${sixteen}\n`))).toBe(sixteen);
    const short = file(`${sixteen.slice(1)}\n`);
    expect(() => loadOwnCallerToken(short)).toThrow(
      new ConfigError(`caller token file ${short} must hold a token of 16+ characters`),
    );
  });

  it('refuses an empty file', () => {
    expect(() => loadOwnCallerToken(file(''))).toThrow(ConfigError);
  });

  it('names the missing file and why it cannot be read', () => {
    const missing = join(dir, 'missing');
    expect(() => loadOwnCallerToken(missing)).toThrow(
      new ConfigError(`caller token file ${missing} cannot be read: ENOENT`),
    );
  });
});

describe('requireCaller', () => {
  const verifier = new CallerTokenVerifier(
    new Map([
      ['news-service', 'n'.repeat(20)],
      ['link-checker', 'c'.repeat(20)],
    ]),
  );
  const guard = requireCaller(verifier, ['news-service']);
  const request = (token?: unknown) =>
    ({ headers: token === undefined ? {} : { [CALLER_TOKEN_HEADER]: token } }) as FastifyRequest;

  it('lets an allowed caller through and names it', () => {
    expect(guard(request('n'.repeat(20)))).toBe('news-service');
  });

  it('reads the token from the delinkcious-caller-token header', () => {
    expect(CALLER_TOKEN_HEADER).toBe('delinkcious-caller-token');
    expect(
      guard({ headers: { 'delinkcious-caller-token': 'n'.repeat(20) } } as unknown as FastifyRequest),
    ).toBe('news-service');
  });

  it.each([
    ['no token', undefined],
    ['an empty token', ''],
    ['a repeated header', ['n'.repeat(20), 'n'.repeat(20)]],
  ])('answers %s with 401', (_what, token) => {
    expect(() => guard(request(token))).toThrow(new UnauthenticatedError('caller token required'));
    expect(() => guard(request(token))).toThrow(UnauthenticatedError);
  });

  it('answers an unknown token with 403', () => {
    expect(() => guard(request('x'.repeat(20)))).toThrow(new PermissionDeniedError('unknown caller token'));
    expect(() => guard(request('x'.repeat(20)))).toThrow(PermissionDeniedError);
  });

  it('answers a known caller that is not allowed here with 403', () => {
    expect(() => guard(request('c'.repeat(20)))).toThrow(
      new PermissionDeniedError('link-checker may not call this'),
    );
    expect(() => guard(request('c'.repeat(20)))).toThrow(PermissionDeniedError);
  });
});
