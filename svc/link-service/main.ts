import { runService } from '../../pkg/kit';
import { createLogger, startTracing } from '../../pkg/observability';
import { loadLinkServiceConfig } from './config';
import { LINK_SERVICE, startLinkService } from './server';

runService(LINK_SERVICE, async () => {
  const config = loadLinkServiceConfig();
  const stopTracing = startTracing(LINK_SERVICE);
  const stopService = await startLinkService(config, createLogger(LINK_SERVICE, config.LOG_LEVEL));
  return async () => {
    await stopService();
    await stopTracing();
  };
});
