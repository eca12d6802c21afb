import { join } from 'node:path';
import { generatePublicApi, generatedDirOf } from './generate';

// Regenerates the committed public API document and its client types (npm run gen:openapi).
const root = join(__dirname, '..', '..', '..');
generatePublicApi(generatedDirOf(root), root);
process.stdout.write(`wrote ${generatedDirOf(root)}/openapi.json and openapi.ts\n`);
