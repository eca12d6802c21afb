/**
 * The GitOps step of the pipeline: points every service of a Kubernetes overlay at the
 * images CI just pushed, by rewriting `images[].newTag` in each service's kustomization
 * (comments and layout kept). Argo CD then deploys the commit that carries the change.
 * Usage: `node dist/cmd/set-image-tags/main.js <overlay> <tag>`, e.g. `minikube 0.1.0-42`.
 * Production takes only a release version (`1.2.3`): its images move by tagged releases.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withImageTag } from './set-image-tag';

const TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const RELEASE_VERSION = /^\d+\.\d+\.\d+$/;

function main(): void {
  const [overlay, tag] = process.argv.slice(2);
  if (!overlay || !tag) throw new Error('usage: set-image-tags <overlay> <tag>');
  if (!TAG_PATTERN.test(tag)) throw new Error(`"${tag}" is not a valid image tag`);
  if (overlay === 'production' && !RELEASE_VERSION.test(tag))
    throw new Error(`production takes only the version of a tagged release (1.2.3), not "${tag}"`);
  const root = join('k8s', 'overlays', overlay);
  // Every file is checked before any is written: a failure leaves the overlay as it was.
  const updates = readdirSync('svc')
    .sort()
    .map((service) => {
      const file = join(root, service, 'kustomization.yaml');
      try {
        return { file, service, ...withImageTag(readFileSync(file, 'utf8'), `delinkcious/${service}`, tag) };
      } catch (error) {
        throw new Error(`${file}: ${(error as Error).message}`);
      }
    });
  for (const { file, service, text, previous } of updates) {
    writeFileSync(file, text);
    console.log(`${file}: delinkcious/${service} ${previous} -> ${tag}`);
  }
}

try {
  main();
} catch (error) {
  console.error(`set-image-tags: ${(error as Error).message}`);
  process.exit(1);
}
