import { join } from 'node:path';
import { renderWith } from './compose';
import { OVERLAYS, SERVICES, named, ofKind, type K8sObject } from './manifests';
import { promqlProblems } from './promql';
import { schemaError } from './schemas';

const COMPONENTS = join('k8s', 'components', 'argo-rollouts');
const GATEWAY = 'api-gateway-service';

interface Step {
  setWeight?: number;
  pause?: { duration?: string };
  analysis?: { templates: Array<{ templateName: string }>; args: Array<{ name: string }> };
}
interface RolloutSpec {
  selector: { matchLabels: Record<string, string> };
  workloadRef: { apiVersion: string; kind: string; name: string };
  strategy: {
    canary?: { steps: Step[] };
    blueGreen?: {
      activeService: string;
      previewService: string;
      autoPromotionEnabled: boolean;
      prePromotionAnalysis: { templates: Array<{ templateName: string }>; args: Array<{ name: string }> };
    };
  };
}
interface TemplateSpec {
  args: Array<{ name: string }>;
  metrics: Array<{ name: string; successCondition: string; provider: { prometheus: { query: string } } }>;
}

const rolloutSpec = (objects: K8sObject[], name: string) =>
  named(objects, 'Rollout', name).spec as unknown as RolloutSpec;
const schemaErrors = (objects: K8sObject[]) =>
  objects.map((o) => [`${o.kind}/${o.metadata.name}`, schemaError(o)]).filter(([, error]) => error);

describe.each(OVERLAYS)('Argo Rollouts in overlay %s', (overlay) => {
  const piece = (name: string, strategy: string) =>
    renderWith(join('k8s', 'overlays', overlay, name), [join(COMPONENTS, strategy)]);
  const platform = renderWith(join('k8s', 'overlays', overlay, 'platform'), [join(COMPONENTS, 'analysis')]);
  const templates = new Map(
    ofKind(platform, 'AnalysisTemplate').map((t) => [t.metadata.name, t.spec as unknown as TemplateSpec]),
  );

  it('the analysis templates validate and read only metrics the code exports', () => {
    expect(schemaErrors(platform)).toEqual([]);
    expect([...templates.keys()].sort()).toEqual(['delinkcious-canary-health', 'delinkcious-gateway-health']);
    for (const [name, spec] of templates)
      for (const metric of spec.metrics) {
        expect([name, metric.name, promqlProblems(metric.provider.prometheus.query)]).toEqual([
          name,
          metric.name,
          [],
        ]);
        expect(metric.successCondition).toMatch(/result\[0\] <=/);
      }
  });

  describe.each(SERVICES.filter((service) => service !== GATEWAY))('%s: canary', (service) => {
    const objects = piece(service, 'canary');
    const spec = rolloutSpec(objects, service);

    it('a Rollout runs the pods of its Deployment, which stays at zero replicas; everything validates', () => {
      const deployment = named(objects, 'Deployment', service);
      expect(spec.workloadRef).toEqual(expect.objectContaining({ kind: 'Deployment', name: service }));
      expect(spec.selector).toEqual((deployment.spec as { selector: object }).selector);
      expect((deployment.spec as { replicas: number }).replicas).toBe(0);
      expect(ofKind(objects, 'Rollout')).toHaveLength(1);
      expect(schemaErrors(objects)).toEqual([]);
      const rollout = named(objects, 'Rollout', service);
      expect(
        schemaError({ ...rollout, spec: { ...spec, strategy: { canary: { steps: 'all at once' } } } }),
      ).toMatch(/steps/);
      for (const hpa of ofKind(objects, 'HorizontalPodAutoscaler'))
        expect((hpa.spec as { scaleTargetRef: object }).scaleTargetRef).toEqual({
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Rollout',
          name: service,
        });
    });

    it('every step up in traffic is gated by an analysis of the canary, with every argument its template needs', () => {
      const steps = spec.strategy.canary!.steps;
      const weights = steps.flatMap((step, index) => (step.setWeight ? [index] : []));
      expect(weights.length).toBeGreaterThanOrEqual(2);
      for (const index of weights) {
        const gate = steps.slice(index + 1).find((step) => step.analysis || step.setWeight);
        expect(gate?.analysis).toBeDefined();
        for (const { templateName } of gate!.analysis!.templates)
          expect(gate!.analysis!.args.map((a) => a.name).sort()).toEqual(
            templates
              .get(templateName)!
              .args.map((a) => a.name)
              .sort(),
          );
      }
    });
  });

  describe('api-gateway-service: blue-green', () => {
    const objects = piece(GATEWAY, 'blue-green');
    const { blueGreen } = rolloutSpec(objects, GATEWAY).strategy;

    it('the public Service is the active one, a preview Service selects the same pods; everything validates', () => {
      expect(schemaErrors(objects)).toEqual([]);
      const ingress = named(objects, 'Ingress', GATEWAY).spec as {
        rules: Array<{ http: { paths: Array<{ backend: { service: { name: string } } }> } }>;
      };
      expect(blueGreen!.activeService).toBe(ingress.rules[0].http.paths[0].backend.service.name);
      const selector = (name: string) =>
        (named(objects, 'Service', name).spec as { selector: object }).selector;
      expect(selector(blueGreen!.previewService)).toEqual(selector(blueGreen!.activeService));
      expect((named(objects, 'Deployment', GATEWAY).spec as { replicas: number }).replicas).toBe(0);
    });

    it('waits for a person to promote, after the preview passed its analysis', () => {
      expect(blueGreen!.autoPromotionEnabled).toBe(false);
      const analysis = blueGreen!.prePromotionAnalysis;
      expect(analysis.args.map((a) => a.name)).toEqual(
        templates.get(analysis.templates[0].templateName)!.args.map((a) => a.name),
      );
    });
  });
});
