import { handler, type NuclioContext } from '../../../pkg/link-checker/nuclio-handler';

interface Answer {
  body: unknown;
  headers: Record<string, string>;
  contentType: string;
  statusCode: number;
}

async function answer(body: unknown): Promise<Answer[]> {
  const answers: Answer[] = [];
  const ctx: NuclioContext = {
    Response: class {
      constructor(
        readonly body: unknown,
        readonly headers: Record<string, string>,
        readonly contentType: string,
        readonly statusCode: number,
      ) {}
    },
    callback: (response) => answers.push(response as Answer),
  };
  await handler(ctx, { body });
  return answers;
}

describe('Nuclio handler bodies', () => {
  it('takes a body Nuclio already parsed, and answers JSON', async () => {
    expect(await answer({ url: 'http://127.0.0.1/' })).toEqual([
      {
        body: {
          status: 'invalid',
          reason: 'refused: 127.0.0.1 resolves to a non-public address (127.0.0.1)',
        },
        headers: {},
        contentType: 'application/json',
        statusCode: 200,
      },
    ]);
  });

  it.each([
    ['no body', undefined],
    ['a url that is not a string', { url: 42 }],
    ['a JSON string body without url', '{"link":"http://x/"}'],
  ])('answers %s with one 400 in the SPEC error body', async (_what, body) => {
    expect(await answer(body)).toEqual([
      {
        body: { error: { code: 'INVALID_ARGUMENT', message: 'url is required' } },
        headers: {},
        contentType: 'application/json',
        statusCode: 400,
      },
    ]);
  });
});
