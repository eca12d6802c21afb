import { handler, type NuclioContext } from '../../../pkg/link-checker/nuclio-handler';

class Response {
  constructor(
    readonly body: unknown,
    readonly headers: Record<string, string>,
    readonly contentType: string,
    readonly statusCode: number,
  ) {}
}

function context() {
  const responses: Response[] = [];
  const ctx: NuclioContext = { Response, callback: (response) => responses.push(response as Response) };
  return { ctx, responses };
}

describe('Nuclio handler', () => {
  it('answers a verdict for a url in the body, refusing private addresses by default', async () => {
    const { ctx, responses } = context();
    await handler(ctx, { body: JSON.stringify({ url: 'http://169.254.169.254/' }) });
    expect(responses).toHaveLength(1);
    expect(responses[0].statusCode).toBe(200);
    expect(responses[0].body).toEqual({ status: 'invalid', reason: expect.stringMatching(/^refused/) });
  });

  it('answers 400 with the SPEC error body when the url is missing', async () => {
    const { ctx, responses } = context();
    await handler(ctx, { body: '{not json' });
    expect(responses[0]).toMatchObject({
      statusCode: 400,
      body: { error: { code: 'INVALID_ARGUMENT', message: 'url is required' } },
    });
  });
});
