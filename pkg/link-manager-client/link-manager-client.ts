import { HttpTransportClient, type HttpClientOptions } from '../kit';
import type {
  AddLinkRequest,
  DeleteLinkRequest,
  GetLinksRequest,
  GetLinksResult,
  Link,
  LinkManager,
  UpdateLinkRequest,
} from '../object-model';

/** LinkManager over HTTP: a caller cannot tell it from the local service. */
export class LinkManagerClient implements LinkManager {
  private readonly http: HttpTransportClient;

  constructor(options: Omit<HttpClientOptions, 'target'> & { target?: string }) {
    this.http = new HttpTransportClient({ target: 'link-service', ...options });
  }

  getLinks(request: GetLinksRequest): Promise<GetLinksResult> {
    return this.http.call<GetLinksResult>({
      method: 'GET',
      path: '/links',
      query: { ...request },
      idempotent: true,
    });
  }

  async addLink(request: AddLinkRequest): Promise<Link> {
    const { link } = await this.http.call<{ link: Link }>({
      method: 'POST',
      path: '/links',
      body: request,
      idempotent: false,
    });
    return link;
  }

  async updateLink(request: UpdateLinkRequest): Promise<Link> {
    // Not idempotent: addTags/removeTags are, but a retried title change would emit a second event.
    const { link } = await this.http.call<{ link: Link }>({
      method: 'PUT',
      path: '/links',
      body: request,
      idempotent: false,
    });
    return link;
  }

  async deleteLink(request: DeleteLinkRequest): Promise<void> {
    await this.http.call({ method: 'DELETE', path: '/links', query: { ...request }, idempotent: false });
  }
}
