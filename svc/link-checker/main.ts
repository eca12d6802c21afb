import { runService } from '../../pkg/kit';
import { createLogger, startTracing } from '../../pkg/observability';
import { loadLinkCheckerConfig } from './config';
import { LINK_CHECKER, startLinkCheckerService } from './server';

runService(LINK_CHECKER, async () => {
  const config = loadLinkCheckerConfig();
  const stopTracing = startTracing(LINK_CHECKER);
  const stopService = await startLinkCheckerService(config, createLogger(LINK_CHECKER, config.LOG_LEVEL));
  return async () => {
    await stopService();
    await stopTracing();
  };
});
