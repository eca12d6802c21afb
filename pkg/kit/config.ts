import { z } from 'zod';

export class ConfigError extends Error {}

/**
 * Reads and validates configuration from environment variables. A missing or malformed
 * setting throws a ConfigError whose message is one line naming the setting.
 */
export function loadConfig<Shape extends z.ZodRawShape>(
  shape: Shape,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<z.ZodObject<Shape>> {
  const values: Record<string, string | undefined> = {};
  for (const key of Object.keys(shape)) {
    // An empty variable means "not set", as in most shells' `FOO= cmd`.
    values[key] = env[key] === '' ? undefined : env[key];
  }
  const parsed = z.object(shape).safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue.path[0] ?? 'configuration');
    const shown = values[name] === undefined ? 'is not set' : `is ${JSON.stringify(values[name])}`;
    throw new ConfigError(`invalid configuration: ${name} ${shown}: ${issue.message}`);
  }
  return parsed.data;
}

/** Shared building blocks for config shapes. */
export const setting = {
  // 0 asks the OS for a free port (tests, side-by-side runs).
  port: (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback),
  positiveInt: (fallback: number) => z.coerce.number().int().positive().default(fallback),
  boolean: (fallback: boolean) =>
    z
      .enum(['true', 'false', '1', '0'])
      .default(fallback ? 'true' : 'false')
      .transform((value) => value === 'true' || value === '1'),
  logLevel: () => z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  url: (protocols: string[]) =>
    z.string().refine(
      (value) => {
        try {
          return protocols.includes(new URL(value).protocol.replace(/:$/, ''));
        } catch {
          return false;
        }
      },
      `must be a ${protocols.join(' or ')} URL`,
    ),
};
