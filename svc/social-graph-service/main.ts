import { serviceMain } from '../../pkg/kit';
import { loadSocialGraphServiceConfig } from './config';
import { SOCIAL_GRAPH_SERVICE, startSocialGraphService } from './server';

serviceMain(SOCIAL_GRAPH_SERVICE, () => loadSocialGraphServiceConfig(), startSocialGraphService);
