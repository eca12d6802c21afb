import { contractSecrets, generatedSecretValues } from '../../cmd/bootstrap-cluster/secrets';
import { UserProofSigner, UserProofVerifier, type CallAccess } from '../../pkg/auth';
import { linkServiceAccess } from '../../pkg/contracts/link-service';
import { newsServiceAccess } from '../../pkg/contracts/news-service';
import { socialGraphServiceAccess } from '../../pkg/contracts/social-graph-service';
import { userServiceAccess } from '../../pkg/contracts/user-service';
import { OVERLAYS, named, ofKind, renderOverlay, type K8sObject } from './manifests';
import { podSpec } from './workloads';

/** Who may call whom, as the contracts' access tables declare it. */
const ACCESS: Record<string, Record<string, CallAccess>> = {
  'link-service': linkServiceAccess,
  'user-service': userServiceAccess,
  'social-graph-service': socialGraphServiceAccess,
  'news-service': newsServiceAccess,
};
const declaredCalls = Object.entries(ACCESS)
  .flatMap(([service, table]) =>
    Object.values(table).flatMap((access) => Object.keys(access).map((caller) => `${caller} -> ${service}`)),
  )
  .filter((call, i, all) => all.indexOf(call) === i)
  .sort();

function configOf(objects: K8sObject[], service: string): Record<string, string> {
  const container = podSpec(named(objects, 'Deployment', service)).containers[0];
  return Object.assign(
    {},
    ...(container.envFrom ?? []).map((f) => named(objects, 'ConfigMap', f.configMapRef!.name).data),
  );
}

function mountedSecrets(objects: K8sObject[], service: string): string[] {
  const pod = podSpec(named(objects, 'Deployment', service));
  return (pod.volumes ?? []).flatMap((v) => (v.secret ? [v.secret.secretName] : [])).sort();
}

describe.each(OVERLAYS)('trust inside the cluster, overlay %s', (overlay) => {
  const objects = renderOverlay(overlay);
  const services = ofKind(objects, 'Deployment').map((d) => d.metadata.name);

  it('every service that is called checks callers and user proofs with the mounted Secrets', () => {
    for (const service of Object.keys(ACCESS)) {
      const config = configOf(objects, service);
      expect([service, config.CALLER_AUTH_DISABLED]).toEqual([service, 'false']);
      expect(config.CALLER_TOKENS_FILE).toMatch(/^\/etc\/delinkcious\/caller-tokens\//);
      expect(config.USER_PROOF_KEYS_FILE).toMatch(/^\/etc\/delinkcious\/user-proof-public-keys\//);
      expect(mountedSecrets(objects, service)).toEqual(
        expect.arrayContaining(['caller-tokens', 'user-proof-public-keys']),
      );
    }
  });

  it('only the user service holds the signing key; the link checker refuses every call', () => {
    const holders = services.filter((s) => mountedSecrets(objects, s).includes('user-proof-signing-key'));
    expect(holders).toEqual(['user-service']);
    expect(configOf(objects, 'user-service').USER_PROOF_SIGNING_KEY_FILE).toMatch(
      /^\/etc\/delinkcious\/user-proof-signing-key\//,
    );
    expect(configOf(objects, 'link-checker').CALLER_AUTH_DISABLED).toBe('false');
  });

  it('the calls the access tables allow are exactly the calls the services are configured to make', () => {
    const configured: string[] = [];
    for (const caller of services) {
      const values = Object.values(configOf(objects, caller));
      for (const callee of Object.keys(ACCESS))
        if (callee !== caller && values.some((v) => new RegExp(`^(http://)?${callee}:\\d+$`).test(v)))
          configured.push(`${caller} -> ${callee}`);
    }
    expect(configured.sort()).toEqual(declaredCalls);
  });

  it('each caller mounts its own token', () => {
    for (const caller of new Set(declaredCalls.map((call) => call.split(' -> ')[0])))
      expect(mountedSecrets(objects, caller)).toContain(`${caller}-caller-token`);
  });
});

describe('the user proof keys cmd/bootstrap-cluster generates', () => {
  it('are a private key and the public key set that verifies what it signs', async () => {
    const secrets = contractSecrets(generatedSecretValues({}));
    const value = (name: string, key: string) =>
      secrets.find((s) => s.name === name)!.literals.find((l) => l.key === key)!.value;
    const signingKey = value('user-proof-signing-key', 'private.jwk');
    const publicKeys = value('user-proof-public-keys', 'public.jwks');
    expect([signingKey.shown, publicKeys.shown]).toEqual(['<generated>', '<generated>']);
    const signer = await UserProofSigner.fromJwk(JSON.parse(signingKey.real));
    const verifier = UserProofVerifier.fromJwks(JSON.parse(publicKeys.real));
    expect((await verifier.verify(await signer.sign('alice'))).username).toBe('alice');
    expect(publicKeys.real).not.toContain('"d"');
  });
});
