import { serviceMain } from '../../pkg/kit';
import { loadApiGatewayConfig } from './config';
import { API_GATEWAY, startApiGatewayService } from './server';

serviceMain(API_GATEWAY, () => loadApiGatewayConfig(), startApiGatewayService);
