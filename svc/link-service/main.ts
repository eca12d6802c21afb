import { serviceMain } from '../../pkg/kit';
import { loadLinkServiceConfig } from './config';
import { LINK_SERVICE, startLinkService } from './server';

serviceMain(LINK_SERVICE, () => loadLinkServiceConfig(), startLinkService);
