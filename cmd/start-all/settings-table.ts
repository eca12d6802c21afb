import type { z } from 'zod';
import { SERVICE_SETTINGS, type ServiceSettings } from './service-settings';
import { LAUNCHER_SETTINGS } from './settings';

/** A declaration's default as the README shows it: its value, or `unset`. */
function defaultOf(declaration: z.ZodType): string {
  const parsed = declaration.safeParse(undefined);
  if (!parsed.success) return 'required';
  if (parsed.data === undefined) return 'unset';
  return `\`${String(parsed.data) === '' ? '""' : String(parsed.data)}\``;
}

/** The launcher's settings, one row each. */
function launcherTable(): string[] {
  return [
    '| variable | default | meaning |',
    '| --- | --- | --- |',
    ...Object.entries(LAUNCHER_SETTINGS).map(
      ([name, { declaration, meaning }]) => `| \`${name}\` | ${defaultOf(declaration)} | ${meaning} |`,
    ),
  ];
}

/** Every other setting of every service, under its prefix, with the default npm start runs it with. */
function servicesTable(): string[] {
  const rows = Object.entries(SERVICE_SETTINGS).map(([service, entry]) => {
    const { prefix, declarations, wired, localDefaults, fromLauncher, computedDefaults } =
      entry as ServiceSettings;
    const settings = Object.entries(declarations)
      .filter(([name]) => !wired[name])
      .map(([name, declaration]) => {
        return `\`${name}\` ${shownDefault(name, declaration, localDefaults, fromLauncher, computedDefaults)}`;
      });
    return `| ${service} | \`${prefix}\` | ${settings.join(', ')} |`;
  });
  return ['| service | prefix | settings (default) |', '| --- | --- | --- |', ...rows];
}

function shownDefault(
  name: string,
  declaration: z.ZodType,
  localDefaults: Record<string, string>,
  fromLauncher: Record<string, string>,
  computedDefaults: Record<string, string> = {},
): string {
  if (fromLauncher[name]) return `as \`${fromLauncher[name]}\``;
  if (localDefaults[name] !== undefined) return `\`${localDefaults[name]}\` (npm start, by \`LOCAL_USE\`)`;
  if (computedDefaults[name] !== undefined) return `\`${computedDefaults[name]}\``;
  return defaultOf(declaration);
}

/** The settings section of the README, as generated from the declarations. */
export function settingsTables(): string {
  return [...launcherTable(), '', ...servicesTable()].join('\n');
}

if (require.main === module) process.stdout.write(`${settingsTables()}\n`);
