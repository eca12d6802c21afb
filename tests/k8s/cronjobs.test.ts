import type { ZodRawShape } from 'zod';
import { readFileSync } from 'node:fs';
import { LINK_JOBS, pruneOutboxSettings, recheckLinksSettings } from '../../cmd/link-jobs/jobs';
import { loadConfig } from '../../pkg/kit';
import { OVERLAYS, named, ofKind, renderOverlay } from './manifests';
import { podSpec } from './workloads';

const SETTINGS: Record<string, ZodRawShape> = {
  'prune-outbox': pruneOutboxSettings,
  'recheck-links': recheckLinksSettings,
};

/** The dist/ folders each Dockerfile target copies, by target name. */
function imageContents(): Record<string, string[]> {
  const targets: Record<string, string[]> = {};
  for (const stage of readFileSync('docker/Dockerfile', 'utf8')
    .split(/^FROM /m)
    .slice(1)) {
    const name = /\bAS (\S+)/.exec(stage.split('\n')[0])?.[1];
    if (name) targets[name] = [...stage.matchAll(/\.\/(dist\/\S+)/g)].map((m) => m[1]);
  }
  return targets;
}

describe.each(OVERLAYS)('CronJobs of overlay %s', (overlay) => {
  const objects = renderOverlay(overlay);
  const cronJobs = ofKind(objects, 'CronJob');

  it('runs both link jobs', () => {
    const jobs = cronJobs.map((c) => podSpec(c).containers[0].command?.[2]).sort();
    expect(jobs).toEqual(Object.keys(LINK_JOBS).sort());
  });

  it.each(cronJobs.map((c) => [c.metadata.name, c]))(
    '%s runs a job its image carries, with only settings that job reads',
    (_name, cronJob) => {
      const [container] = podSpec(cronJob).containers;
      const [node, main, job] = container.command ?? [];
      expect([node, main]).toEqual(['node', 'dist/cmd/link-jobs/main.js']);
      const target = container.image.split(':')[0].replace(/^delinkcious\//, '');
      expect(imageContents()[target]).toContain('dist/cmd/link-jobs');
      // The job starts with what the manifest gives it (the Secret's URL stands in).
      const env: Record<string, string> = {
        DATABASE_URL: 'postgres://user:secret@link-db:5432/link_manager',
      };
      for (const source of container.envFrom ?? [])
        Object.assign(env, named(objects, 'ConfigMap', source.configMapRef!.name).data);
      for (const variable of container.env ?? [])
        if (variable.value !== undefined) env[variable.name] = variable.value;
      expect(() => loadConfig(SETTINGS[job], env)).not.toThrow();
      const known = Object.keys(SETTINGS[job]);
      expect(known).toEqual(expect.arrayContaining((container.env ?? []).map((variable) => variable.name)));
    },
  );
});
