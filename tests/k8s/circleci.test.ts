import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { pinnedSchemaValidator } from './json-schemas';
import { SERVICES } from './manifests';

interface Job {
  docker?: Array<{ image: string }>;
  executor?: string;
  steps: Array<string | Record<string, unknown>>;
}
interface WorkflowJob {
  name?: string;
  requires?: string[];
  matrix?: { parameters: { service: string[] } };
  filters?: { branches?: { only?: string; ignore?: string }; tags?: { only?: string } };
}

const RELEASE_TAGS = '/^v\\d+\\.\\d+\\.\\d+$/';
const config = parse(readFileSync('.circleci/config.yml', 'utf8')) as {
  version: number;
  executors: Record<string, { docker: Array<{ image: string; command?: string[] }> }>;
  jobs: Record<string, Job>;
  workflows: Record<string, { jobs: Array<string | Record<string, WorkflowJob>> }>;
};
const [workflow] = Object.values(config.workflows);
const workflowJobs = Object.fromEntries(
  workflow.jobs.map((job) => (typeof job === 'string' ? [job, {}] : Object.entries(job)[0])),
) as Record<string, WorkflowJob>;
const commands = (job: string) =>
  config.jobs[job].steps
    .map((step) =>
      typeof step === 'object' ? (step.run as string | { command: string } | undefined) : undefined,
    )
    .map((run) => (typeof run === 'string' ? run : (run?.command ?? '')))
    .join('\n');

describe('the CircleCI pipeline', () => {
  it('validates against the pinned CircleCI config schema', () => {
    const errors = pinnedSchemaValidator('circleci-config.schema.json');
    expect(errors(config)).toEqual([]);
    expect(errors({ ...config, jobs: { test: { steps: 'checkout' } } }).length).toBeGreaterThan(0);
  });

  it('parses as a 2.1 config whose workflow names only defined jobs', () => {
    expect(config.version).toBe(2.1);
    for (const name of Object.keys(workflowJobs)) expect(config.jobs[name]).toBeDefined();
  });

  it('tests every push against Postgres, Redis and NATS with JetStream: lint, typecheck, npm test', () => {
    const images = config.executors[config.jobs.test.executor!].docker.map((d) => d.image.split(':')[0]);
    expect(images).toEqual(expect.arrayContaining(['postgres', 'redis', 'nats']));
    expect(
      config.executors[config.jobs.test.executor!].docker.find((d) => d.image.startsWith('nats'))?.command,
    ).toContain('-js');
    // Every push, and release tags too (a tag runs only the jobs that say so).
    expect(workflowJobs.test.filters).toEqual({ tags: { only: RELEASE_TAGS } });
    const run = commands('test');
    expect(config.jobs.test.steps).toContain('npm-ci');
    for (const command of ['npm run lint', 'npm run typecheck', 'npm test', 'kubectl'])
      expect(run).toContain(command);
  });

  it('builds and pushes exactly the images of svc/, after the tests, on main and on release tags', () => {
    const build = workflowJobs['build-image'];
    expect([...build.matrix!.parameters.service].sort()).toEqual(SERVICES);
    expect(build.requires).toEqual(['test']);
    expect(build.filters).toEqual({ branches: { only: 'main' }, tags: { only: RELEASE_TAGS } });
    const run = commands('build-image');
    expect(run).toContain('docker build -f docker/Dockerfile --target << parameters.service >>');
    expect(run).toMatch(
      /TAG="\$\(node -p 'require\("\.\/package\.json"\)\.version'\)-<< pipeline\.number >>"/,
    );
    expect(run).toContain('if [ -n "${CIRCLE_TAG:-}" ]; then TAG="${CIRCLE_TAG#v}"; fi');
    expect(run).toContain('docker push "$IMAGE"');
  });

  it('then commits the new tags to the minikube overlay for Argo CD, once every image is pushed', () => {
    expect([...workflowJobs.deploy.requires!].sort()).toEqual(SERVICES.map((s) => `build-${s}`));
    const run = commands('deploy');
    expect(run).toContain('node dist/cmd/set-image-tags/main.js minikube "$TAG"');
    expect(run).toContain('git add k8s/overlays/minikube');
    expect(run).toMatch(/git push .* HEAD:main/);
  });

  it('bumps the production overlay on a release tag only, never on a branch, on top of main', () => {
    const release = workflowJobs['release-production'];
    expect([...release.requires!].sort()).toEqual(SERVICES.map((s) => `build-${s}`));
    expect(release.filters).toEqual({ branches: { ignore: '/.*/' }, tags: { only: RELEASE_TAGS } });
    const run = commands('release-production');
    expect(run).toContain('TAG="${CIRCLE_TAG#v}"');
    expect(run).toContain('git checkout -B main origin/main');
    expect(run).toContain('node dist/cmd/set-image-tags/main.js production "$TAG"');
    expect(run).toContain('git add k8s/overlays/production');
    expect(run).toMatch(/git push .* HEAD:main/);
    // Production appears in no other job: a push to main moves only minikube.
    for (const job of Object.keys(config.jobs).filter((name) => name !== 'release-production'))
      expect([job, commands(job).includes('production')]).toEqual([job, false]);
    expect(workflowJobs.deploy.filters).toEqual({ branches: { only: 'main' } });
  });
});
