import { serviceMain } from '../../pkg/kit';
import { loadNewsServiceConfig } from './config';
import { NEWS_SERVICE, startNewsService } from './server';

serviceMain(NEWS_SERVICE, () => loadNewsServiceConfig(), startNewsService);
