/** A secret's value and what may be printed in its place (`<generated>`, `<from OAUTH_CLIENT_SECRET>`). */
export interface Sensitive {
  real: string;
  shown: string;
}

/** One argument of a command: plain text, or text with a secret in it. */
export type Arg = string | Sensitive;
export type Argv = readonly Arg[];

/**
 * Builds an argument that holds secrets, e.g.
 * sensitive`--from-literal=DATABASE_URL=postgres://u:${password}@db:5432/d`.
 */
export function sensitive(strings: TemplateStringsArray, ...values: (Sensitive | string)[]): Sensitive {
  const join = (pick: (value: Sensitive) => string) =>
    strings.reduce((text, part, i) => {
      const value = values[i - 1];
      return text + (typeof value === 'string' ? value : pick(value)) + part;
    });
  return { real: join((v) => v.real), shown: join((v) => v.shown) };
}

export const realArgv = (argv: Argv): string[] =>
  argv.map((arg) => (typeof arg === 'string' ? arg : arg.real));
export const shownArgv = (argv: Argv): string[] =>
  argv.map((arg) => (typeof arg === 'string' ? arg : arg.shown));

/** A command as it would be typed in a POSIX shell, secrets replaced by what stands in for them. */
export function formatCommand(argv: Argv): string {
  return shownArgv(argv).map(shellQuote).join(' ');
}

export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_\-./=:@,+%]+$/.test(word)) return word;
  // $'…' keeps a multi-line value (caller-tokens.yaml) on one printed line.
  if (word.includes('\n'))
    return `$'${word.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
