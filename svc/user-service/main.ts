import { runService } from '../../pkg/kit';
import { createLogger, startTracing } from '../../pkg/observability';
import { loadUserServiceConfig } from './config';
import { USER_SERVICE, startUserService } from './server';

runService(USER_SERVICE, async () => {
  const config = loadUserServiceConfig();
  const stopTracing = startTracing(USER_SERVICE);
  const stopService = await startUserService(config, createLogger(USER_SERVICE, config.LOG_LEVEL));
  return async () => {
    await stopService();
    await stopTracing();
  };
});
