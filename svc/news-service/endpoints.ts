import type { Endpoint } from '../../pkg/kit';
import type { GetNewsRequest, GetNewsResult, NewsManager } from '../../pkg/object-model';

export const makeGetNewsEndpoint =
  (svc: NewsManager): Endpoint<GetNewsRequest, GetNewsResult> =>
  (request) =>
    svc.getNews(request);
