import { serviceMain } from '../../pkg/kit';
import { loadUserServiceConfig } from './config';
import { USER_SERVICE, startUserService } from './server';

serviceMain(USER_SERVICE, () => loadUserServiceConfig(), startUserService);
