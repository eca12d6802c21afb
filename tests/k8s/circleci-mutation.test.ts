import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { parse } from 'yaml';

interface Step {
  run?: string | { command: string };
  restore_cache?: { keys: string[] };
  save_cache?: { key: string; paths: string[] };
  store_artifacts?: { path: string };
}
interface Workflow {
  triggers?: Array<{ schedule: { cron: string; filters: { branches: { only: string } } } }>;
  jobs: Array<string | Record<string, unknown>>;
}

const config = parse(readFileSync('.circleci/config.yml', 'utf8')) as {
  jobs: Record<string, { steps: Array<string | Step> }>;
  workflows: Record<string, Workflow>;
};
const steps = (job: string) =>
  config.jobs[job].steps.filter((step): step is Step => typeof step === 'object');
const jobNames = (workflow: Workflow) =>
  workflow.jobs.map((job) => (typeof job === 'string' ? job : Object.keys(job)[0]));

describe('the CircleCI pipeline', () => {
  it('is a valid CircleCI config by its published JSON Schema', () => {
    const schema = JSON.parse(
      readFileSync('../shared/schemas/circleci-config.schema.json', 'utf8'),
    ) as object;
    const validate = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(schema);
    const valid = validate(config);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('runs mutation testing nightly on main, and only there', () => {
    const scheduled = Object.values(config.workflows).filter((workflow) => workflow.triggers);
    expect(scheduled).toHaveLength(1);
    const [nightly] = scheduled;
    expect(nightly.triggers).toEqual([
      {
        schedule: {
          cron: expect.stringMatching(/^\d+ \d+ \* \* \*$/),
          filters: { branches: { only: 'main' } },
        },
      },
    ]);
    expect(jobNames(nightly)).toEqual(['mutation']);
    for (const workflow of Object.values(config.workflows).filter((w) => !w.triggers))
      expect(jobNames(workflow)).not.toContain('mutation');
  });

  it('keeps the incremental results between nightly runs and publishes the HTML report', () => {
    const run = steps('mutation').map((step) =>
      typeof step.run === 'string' ? step.run : step.run?.command,
    );
    expect(run).toContain('npm run test:mutation');
    const saved = steps('mutation').find((step) => step.save_cache)?.save_cache;
    expect(saved?.paths).toEqual(['reports/stryker-incremental.json']);
    const restored = steps('mutation').find((step) => step.restore_cache)?.restore_cache;
    // A prefix of the saved key: the newest earlier run's results are restored.
    expect(saved?.key.startsWith(restored!.keys[0])).toBe(true);
    expect(steps('mutation').find((step) => step.store_artifacts)?.store_artifacts?.path).toBe(
      'reports/mutation',
    );
  });
});
