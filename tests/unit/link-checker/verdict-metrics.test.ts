import { Registry } from 'prom-client';
import { countVerdicts, type LinkChecker } from '../../../pkg/link-checker';

describe('countVerdicts', () => {
  it('counts each verdict by status and passes it on unchanged', async () => {
    const registry = new Registry();
    const inner: LinkChecker = {
      check: async (url) =>
        url.endsWith('/gone')
          ? { status: 'invalid', reason: 'HTTP 404' }
          : { status: 'valid', reason: 'HTTP 200' },
    };
    const checker = countVerdicts(registry)(inner);
    expect(await checker.check('https://example.com/gone')).toEqual({
      status: 'invalid',
      reason: 'HTTP 404',
    });
    await checker.check('https://example.com/a');
    await checker.check('https://example.com/b');
    const { values } = await registry.getSingleMetric('delinkcious_link_checks_total')!.get();
    expect(Object.fromEntries(values.map((v) => [v.labels.status, v.value]))).toEqual({
      valid: 2,
      invalid: 1,
    });
  });
});
