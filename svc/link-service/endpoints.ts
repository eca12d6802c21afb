import type { Endpoint } from '../../pkg/kit';
import type {
  AddLinkRequest,
  DeleteLinkRequest,
  GetLinksRequest,
  GetLinksResult,
  Link,
  LinkManager,
  UpdateLinkRequest,
} from '../../pkg/object-model';

export const makeGetLinksEndpoint =
  (svc: LinkManager): Endpoint<GetLinksRequest, GetLinksResult> =>
  (request) =>
    svc.getLinks(request);

export const makeAddLinkEndpoint =
  (svc: LinkManager): Endpoint<AddLinkRequest, Link> =>
  (request) =>
    svc.addLink(request);

export const makeUpdateLinkEndpoint =
  (svc: LinkManager): Endpoint<UpdateLinkRequest, Link> =>
  (request) =>
    svc.updateLink(request);

export const makeDeleteLinkEndpoint =
  (svc: LinkManager): Endpoint<DeleteLinkRequest, void> =>
  (request) =>
    svc.deleteLink(request);
