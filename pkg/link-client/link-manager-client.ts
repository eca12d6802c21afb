import { callerCredentials } from '../auth';
import { linkServiceOperations } from '../contracts/link-service';
import { HttpTransportClient, type CoversOperations, type HttpClientOptions } from '../kit';
import type {
  AddLinkRequest,
  DeleteLinkRequest,
  GetLinksRequest,
  GetLinksResult,
  GetPublicLinksRequest,
  GetTagsRequest,
  GetTagsResult,
  ImportLinksRequest,
  ImportReport,
  Link,
  LinkManager,
  RenameTagRequest,
  RenameTagResult,
  UpdateLinkRequest,
} from '../object-model';

const operations = linkServiceOperations;

/** LinkManager over HTTP: a caller cannot tell it from the local service. */
export class LinkManagerClient implements LinkManager, CoversOperations<typeof operations> {
  private readonly http: HttpTransportClient;

  /** `callerToken`: this caller's token (README: Trust inside the cluster). */
  constructor({
    callerToken,
    ...options
  }: Omit<HttpClientOptions, 'target'> & { target?: string; callerToken?: string }) {
    this.http = new HttpTransportClient({
      target: 'link-service',
      ...options,
      ...callerCredentials(callerToken, options.headers),
    });
  }

  getLinks(request: GetLinksRequest): Promise<GetLinksResult> {
    return this.http.callOperation(operations.getLinks, request);
  }

  getPublicLinks(request: GetPublicLinksRequest): Promise<GetLinksResult> {
    return this.http.callOperation(operations.getPublicLinks, request);
  }

  async addLink(request: AddLinkRequest): Promise<Link> {
    return (await this.http.callOperation(operations.addLink, request)).link;
  }

  async updateLink(request: UpdateLinkRequest): Promise<Link> {
    return (await this.http.callOperation(operations.updateLink, request)).link;
  }

  deleteLink(request: DeleteLinkRequest): Promise<void> {
    return this.http.callOperation(operations.deleteLink, request);
  }

  getTags(request: GetTagsRequest): Promise<GetTagsResult> {
    return this.http.callOperation(operations.getTags, request);
  }

  renameTag(request: RenameTagRequest): Promise<RenameTagResult> {
    return this.http.callOperation(operations.renameTag, request);
  }

  importLinks(request: ImportLinksRequest): Promise<ImportReport> {
    return this.http.callOperation(operations.importLinks, request);
  }
}
