import { runService } from '../../pkg/kit';
import { createLogger, startTracing } from '../../pkg/observability';
import { loadNewsServiceConfig } from './config';
import { NEWS_SERVICE, startNewsService } from './server';

runService(NEWS_SERVICE, async () => {
  const config = loadNewsServiceConfig();
  const stopTracing = startTracing(NEWS_SERVICE);
  const stopService = await startNewsService(config, createLogger(NEWS_SERVICE, config.LOG_LEVEL));
  return async () => {
    await stopService();
    await stopTracing();
  };
});
