/**
 * Creates the embedded Postgres in the folder given as argument, then exits: `npm start`
 * runs it in a child process on a first start (see embedded-database.ts).
 */
import { SharedPGlite } from '../../pkg/db';
import { EMBEDDED_POSTGRES_OPTIONS, compileWasmWithBaselineOnly } from './embedded-database';

// initdb too runs faster on the baseline compiler alone (3.9–4.1 s instead of 4.3–4.7 s).
compileWasmWithBaselineOnly();
const folder = process.argv[2];
SharedPGlite.open(folder, EMBEDDED_POSTGRES_OPTIONS)
  .then((db) => db.close())
  .catch((error: unknown) => {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  });
