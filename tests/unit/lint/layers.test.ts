import { join } from 'node:path';
import { ESLint } from 'eslint';

const ROOT = join(__dirname, '..', '..', '..');
const eslint = new ESLint({ cwd: ROOT });

/** The layer-rule messages ESLint gives `code` as if it were the file at `path`. */
async function layerErrors(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, path) });
  return result.messages
    .filter((message) => message.ruleId === 'no-restricted-imports')
    .map((message) => message.message);
}

describe('layer rules', () => {
  it.each([
    [
      'the kit importing the domain',
      'pkg/kit/x.ts',
      "import { LINK_STATUSES } from '../object-model';",
      /know no domain/,
    ],
    [
      'the event bus importing a manager',
      'pkg/events/x.ts',
      "import { LinkService } from '../link-manager';",
      /know no domain/,
    ],
    [
      'the db importing a contract',
      'pkg/db/x.ts',
      "import { linkServiceOperations } from '../contracts/link-service';",
      /know no domain/,
    ],
    [
      'a library importing a service',
      'pkg/link-manager/x.ts',
      "import { linkRoutes } from '../../svc/link-service/http-routes';",
      /never imports a deployable/,
    ],
    [
      'the gateway importing the link service',
      'svc/api-gateway-service/x.ts',
      "import { linkRoutes } from '../link-service/http-routes';",
      /never imports another service/,
    ],
    [
      'the news service importing its own client',
      'svc/news-service/x.ts',
      "import { NewsManagerClient } from '../../pkg/news-client';",
      /its own client/,
    ],
  ])('fail lint: %s', async (_name, path, code, message) => {
    expect(
      await layerErrors(path, `${code}\nexport const used = [${code.match(/\{ (\w+) \}/)![1]}];\n`),
    ).toEqual([expect.stringMatching(message)]);
  });

  it.each([
    ['the kit importing its own parts', 'pkg/kit/x.ts', "import { DomainError } from './errors';"],
    ['the kit importing a library', 'pkg/kit/x.ts', "import { Registry } from 'prom-client';"],
    [
      'a service importing its contract and another client',
      'svc/news-service/x.ts',
      "import { SocialGraphManagerClient } from '../../pkg/social-graph-client';",
    ],
    [
      'the gateway importing the link contract',
      'svc/api-gateway-service/x.ts',
      "import { linkServiceOperations } from '../../pkg/contracts/link-service';",
    ],
  ])('pass lint: %s', async (_name, path, code) => {
    expect(
      await layerErrors(path, `${code}\nexport const used = [${code.match(/\{ (\w+) \}/)![1]}];\n`),
    ).toEqual([]);
  });
});
