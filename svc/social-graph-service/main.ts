import { runService } from '../../pkg/kit';
import { createLogger, startTracing } from '../../pkg/observability';
import { loadSocialGraphServiceConfig } from './config';
import { SOCIAL_GRAPH_SERVICE, startSocialGraphService } from './server';

runService(SOCIAL_GRAPH_SERVICE, async () => {
  const config = loadSocialGraphServiceConfig();
  const stopTracing = startTracing(SOCIAL_GRAPH_SERVICE);
  const stopService = await startSocialGraphService(
    config,
    createLogger(SOCIAL_GRAPH_SERVICE, config.LOG_LEVEL),
  );
  return async () => {
    await stopService();
    await stopTracing();
  };
});
