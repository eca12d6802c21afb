import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';

const ROOT = join(__dirname, '..', '..', '..');

/** The compiler's errors for a small program written against the kit. */
function compileErrors(source: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'delinkcious-contract-'));
  try {
    const file = join(dir, 'contract.ts');
    writeFileSync(file, source.replaceAll('ROOT', ROOT));
    const program = ts.createProgram([file], {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      esModuleInterop: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      types: ['node'],
    });
    return ts
      .getPreEmitDiagnostics(program)
      .filter((diagnostic) => diagnostic.file?.fileName === file)
      .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const CONTRACT = `
import { z } from 'ROOT/node_modules/zod';
import { defineOperations, serveOperations, type CoversOperations } from 'ROOT/pkg/kit';
const operations = defineOperations({
  echo: { method: 'POST', path: '/echo', summary: 'Echo', status: 200, idempotent: true,
    request: { in: 'body', schema: z.strictObject({ n: z.number() }) }, response: z.object({ n: z.number() }) },
  ping: { method: 'GET', path: '/ping', summary: 'Ping', status: 204, idempotent: true },
});
`;

describe('the compiler guides a new operation', () => {
  it('rejects a missing handler, a wrongly typed one and a client without the method, and accepts complete ones', () => {
    const errors = compileErrors(`${CONTRACT}
serveOperations(operations, { echo: async ({ n }) => ({ n }), ping: async () => undefined });
export class Complete implements CoversOperations<typeof operations> {
  async echo(n: number) { return n; }
  async ping() {}
}
serveOperations(operations, { echo: async ({ n }) => ({ n }) });
serveOperations(operations, { echo: async ({ n }) => ({ n: String(n) }), ping: async () => undefined });
export class Incomplete implements CoversOperations<typeof operations> {
  async echo(n: number) { return n; }
}`);
    expect(errors).toEqual([
      expect.stringMatching(/Property 'ping' is missing/),
      expect.stringMatching(/Type 'string' is not assignable to type 'number'/),
      expect.stringMatching(/Incomplete' incorrectly implements interface[\s\S]*Property 'ping' is missing/),
    ]);
  }, 90_000);
});
