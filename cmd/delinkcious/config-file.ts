import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/** What the CLI remembers between runs: where the gateway is, and who is signed in there. */
export interface CliConfig {
  server?: string;
  session?: string;
  username?: string;
}

/** `$DELINKCIOUS_CONFIG`, else `$XDG_CONFIG_HOME/delinkcious/config.json` (`~/.config/…` by default). */
export function configPath(env: NodeJS.ProcessEnv): string {
  if (env.DELINKCIOUS_CONFIG) return env.DELINKCIOUS_CONFIG;
  const base = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'delinkcious', 'config.json');
}

export class ConfigFileError extends Error {}

export function readConfig(path: string): CliConfig {
  if (!existsSync(path)) return {};
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigFileError(`cannot read the config file ${path}: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigFileError(`the config file ${path} is not a JSON object`);
  }
  const { server, session, username } = value as Record<string, unknown>;
  const text = (field: unknown) => (typeof field === 'string' && field ? field : undefined);
  return { server: text(server), session: text(session), username: text(username) };
}

/** Written readable by its owner only: it holds a session, which is as good as a password. */
export function writeConfig(path: string, config: CliConfig): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
}
