/**
 * Runs a user's journey against a deployed gateway, through the public API only, and
 * prints each step with ✓ or ✗ and its duration. Exit 0 when every step passes, 1 at the
 * first failure (with what was expected and what came back), 2 on bad arguments.
 * Usage: `node dist/cmd/smoke-test/main.js --gateway URL [--session TOKEN | --dev-login USERNAME]`.
 */
import { GatewayClient } from './gateway-client';
import { runJourney } from './journey';
import { parseOptions, UsageError, USAGE } from './options';
import { JourneyFailed, Reporter } from './reporter';

const REQUEST_TIMEOUT_MS = 10_000;

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2), process.env);
  const started = Date.now();
  console.log(`Smoke test of ${options.gateway}`);
  const reporter = new Reporter((line) => console.log(line));
  await runJourney(new GatewayClient(options.gateway, REQUEST_TIMEOUT_MS), options, reporter);
  console.log(`All steps passed in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`smoke-test: ${error.message}; ${USAGE}`);
      process.exit(2);
    }
    const known = error instanceof JourneyFailed;
    console.error(`smoke-test: ${known ? error.message : ((error as Error).stack ?? String(error))}`);
    process.exit(1);
  },
);
