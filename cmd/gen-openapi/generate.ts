import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadApiGatewayConfig } from '../../svc/api-gateway-service/config';
import { publicApiDocument } from '../../svc/api-gateway-service/openapi';

/** Where the committed document and the types generated from it live. */
export function generatedDirOf(repoRoot: string): string {
  return join(repoRoot, 'pkg', 'api-gateway-client', 'generated');
}

/** The whole public API: every login on, at the address a local run serves it. */
export function fullPublicApiDocument() {
  const config = loadApiGatewayConfig({ DEV_LOGIN_ENABLED: 'true' });
  return publicApiDocument(config, { socialLogin: true });
}

/** Writes `openapi.json` and the `openapi.ts` types openapi-typescript makes of it into `dir`. */
export function generatePublicApi(dir: string, repoRoot: string): void {
  const document = join(dir, 'openapi.json');
  writeFileSync(document, JSON.stringify(fullPublicApiDocument(), null, 2) + '\n');
  const cli = join(repoRoot, 'node_modules', '.bin', 'openapi-typescript');
  execFileSync(cli, [document, '--output', join(dir, 'openapi.ts')], { stdio: 'pipe' });
}
