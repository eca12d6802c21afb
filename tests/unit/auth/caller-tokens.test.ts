import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CallerTokenVerifier, loadCallerTokens, loadOwnCallerToken } from '../../../pkg/auth';
import { ConfigError } from '../../../pkg/kit';

const dir = mkdtempSync(join(tmpdir(), 'dlk-auth-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('caller tokens', () => {
  it('loads caller: token pairs and identifies callers by token', () => {
    const tokens = loadCallerTokens(
      file('ok.yaml', 'news-service: aaaaaaaaaaaaaaaaaaaa\napi-gateway-service: bbbbbbbbbbbbbbbbbbbb\n'),
    );
    const verifier = new CallerTokenVerifier(tokens);
    expect(verifier.identify('aaaaaaaaaaaaaaaaaaaa')).toBe('news-service');
    expect(verifier.identify('bbbbbbbbbbbbbbbbbbbb')).toBe('api-gateway-service');
    expect(verifier.identify('aaaaaaaaaaaaaaaaaaab')).toBeUndefined();
    expect(verifier.identify('')).toBeUndefined();
  });

  it.each([
    ['missing.yaml', undefined, /cannot be read: ENOENT/],
    ['list.yaml', '- a\n- b\n', /must map each caller to its token/],
    ['short.yaml', 'news-service: short\n', /token of news-service must be a string of 16\+ characters/],
    ['broken.yaml', 'a: [unclosed\n', /is not YAML/],
  ])('refuses %s with one line naming the file', (name, text, message) => {
    const path = text === undefined ? join(dir, name) : file(name, text);
    let thrown: unknown;
    try {
      loadCallerTokens(path);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as Error).message).toMatch(message);
    expect((thrown as Error).message).toContain(path);
    expect((thrown as Error).message).not.toContain('\n');
  });

  it('reads a service’s own token, trimmed, and refuses a short one', () => {
    expect(loadOwnCallerToken(file('own', '  cccccccccccccccccccc\n'))).toBe('cccccccccccccccccccc');
    expect(() => loadOwnCallerToken(file('weak', 'abc'))).toThrow(ConfigError);
  });
});
