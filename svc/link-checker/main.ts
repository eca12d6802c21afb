import { serviceMain } from '../../pkg/kit';
import { loadLinkCheckerConfig } from './config';
import { LINK_CHECKER, startLinkCheckerService } from './server';

serviceMain(LINK_CHECKER, () => loadLinkCheckerConfig(), startLinkCheckerService);
