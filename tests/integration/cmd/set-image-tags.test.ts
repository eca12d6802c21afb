import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const main = resolve('dist/cmd/set-image-tags/main.js');
const services = readdirSync('svc').sort();
let work: string;

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [main, ...args], { cwd: work, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const kustomization = (service: string, overlay = 'minikube') =>
  join(work, 'k8s/overlays', overlay, service, 'kustomization.yaml');

beforeEach(() => {
  // A copy of the parts of the repository the command reads, so the real overlay stays as it is.
  work = mkdtempSync(join(tmpdir(), 'dlk-set-image-tags-'));
  for (const service of services) mkdirSync(join(work, 'svc', service), { recursive: true });
  cpSync('k8s/overlays', join(work, 'k8s/overlays'), { recursive: true });
});

afterEach(() => rmSync(work, { recursive: true, force: true }));

describe('set-image-tags', () => {
  it('sets the tag of every service image of the overlay and changes nothing else', async () => {
    const before = Object.fromEntries(services.map((s) => [s, readFileSync(kustomization(s), 'utf8')]));
    const result = run('minikube', '0.1.0-42');
    expect(result.status).toBe(0);
    for (const service of services) {
      const after = readFileSync(kustomization(service), 'utf8');
      expect(after).toContain(`name: delinkcious/${service}\n    newTag: 0.1.0-42\n`);
      // The comment and every other line are kept.
      expect(after.replace('newTag: 0.1.0-42', 'newTag: 0.1.0')).toBe(before[service]);
      expect(result.stdout).toContain(`delinkcious/${service} 0.1.0 -> 0.1.0-42`);
    }
  });

  it('refuses a malformed tag and changes nothing', async () => {
    const before = readFileSync(kustomization('link-service'), 'utf8');
    const result = run('minikube', 'bad tag;rm');
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe('set-image-tags: "bad tag;rm" is not a valid image tag');
    expect(readFileSync(kustomization('link-service'), 'utf8')).toBe(before);
  });

  it('fails naming the file when a service has no image entry, and writes no file', async () => {
    writeFileSync(kustomization('user-service'), 'resources:\n  - ../../../base/user-service\n');
    const before = readFileSync(kustomization('link-service'), 'utf8');
    const result = run('minikube', '0.1.0-43');
    expect(result.status).toBe(1);
    expect(readFileSync(kustomization('link-service'), 'utf8')).toBe(before);
    expect(result.stderr).toMatch(
      /user-service\/kustomization\.yaml: has no images entry for delinkcious\/user-service/,
    );
  });

  it('moves production only to the version of a tagged release, and leaves minikube alone', async () => {
    const minikube = readFileSync(kustomization('link-service'), 'utf8');
    const before = readFileSync(kustomization('link-service', 'production'), 'utf8');
    const pipelineBuild = run('production', '0.1.0-42');
    expect(pipelineBuild.status).toBe(1);
    expect(pipelineBuild.stderr.trim()).toBe(
      'set-image-tags: production takes only the version of a tagged release (1.2.3), not "0.1.0-42"',
    );
    expect(readFileSync(kustomization('link-service', 'production'), 'utf8')).toBe(before);

    const release = run('production', '1.2.3');
    expect(release.status).toBe(0);
    for (const service of services)
      expect(readFileSync(kustomization(service, 'production'), 'utf8')).toContain(
        `name: delinkcious/${service}\n    newTag: 1.2.3\n`,
      );
    expect(readFileSync(kustomization('link-service'), 'utf8')).toBe(minikube);
  });

  it('prints its usage without arguments', async () => {
    const result = run();
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe('set-image-tags: usage: set-image-tags <overlay> <tag>');
  });
});
