import { runService } from '../../pkg/kit';
import { createLogger, startTracing } from '../../pkg/observability';
import { loadApiGatewayConfig } from './config';
import { API_GATEWAY, startApiGatewayService } from './server';

runService(API_GATEWAY, async () => {
  const config = loadApiGatewayConfig();
  const stopTracing = startTracing(API_GATEWAY);
  const stopService = await startApiGatewayService(config, createLogger(API_GATEWAY, config.LOG_LEVEL));
  return async () => {
    await stopService();
    await stopTracing();
  };
});
