import { z } from 'zod';
import type { AccessTable } from '../auth';
import { defineOperations, type OperationHandlers } from '../kit/transport/http/operation';
import { GATEWAY, gatewayForUser } from './callers';
import {
  addLinkRequestSchema,
  deleteLinkRequestSchema,
  getLinksRequestSchema,
  getLinksResultSchema,
  getPublicLinksRequestSchema,
  getTagsRequestSchema,
  getTagsResultSchema,
  importLinksRequestSchema,
  importReportSchema,
  linkSchema,
  renameTagRequestSchema,
  renameTagResultSchema,
  type LinkManager,
  updateLinkRequestSchema,
} from '../object-model';

export const linkEnvelopeSchema = z.object({ link: linkSchema }).meta({ id: 'LinkEnvelope' });

/** The link service's HTTP contract (paths as in the Go original): its server and its client. */
export const linkServiceOperations = defineOperations({
  getLinks: {
    method: 'GET',
    path: '/links',
    tag: 'links',
    summary: "List a user's links: searched (`q`) or filtered, and paged",
    request: { in: 'query', schema: getLinksRequestSchema },
    response: getLinksResultSchema,
    status: 200,
    idempotent: true,
  },
  getPublicLinks: {
    method: 'GET',
    path: '/links/public',
    tag: 'links',
    summary: "List a user's public links, newest first, paged",
    request: { in: 'query', schema: getPublicLinksRequestSchema },
    response: getLinksResultSchema,
    status: 200,
    idempotent: true,
  },
  addLink: {
    method: 'POST',
    path: '/links',
    tag: 'links',
    summary: 'Add a link',
    request: { in: 'body', schema: addLinkRequestSchema },
    response: linkEnvelopeSchema,
    status: 201,
    idempotent: false,
    errors: [409, 413, 422],
  },
  updateLink: {
    method: 'PUT',
    path: '/links',
    tag: 'links',
    summary: "Change a link's title, description, tags or privacy",
    request: { in: 'body', schema: updateLinkRequestSchema },
    response: linkEnvelopeSchema,
    status: 200,
    // Not idempotent: addTags/removeTags are, but a retried title change would emit a second event.
    idempotent: false,
    errors: [404, 413],
  },
  deleteLink: {
    method: 'DELETE',
    path: '/links',
    tag: 'links',
    summary: 'Delete a link',
    request: { in: 'query', schema: deleteLinkRequestSchema },
    status: 204,
    idempotent: false,
    errors: [404],
  },
  getTags: {
    method: 'GET',
    path: '/tags',
    tag: 'tags',
    summary: "A user's tags with their link counts, most used first",
    request: { in: 'query', schema: getTagsRequestSchema },
    response: getTagsResultSchema,
    status: 200,
    idempotent: true,
  },
  renameTag: {
    method: 'POST',
    path: '/tags/rename',
    tag: 'tags',
    summary: "Rename a tag on all of a user's links (merging into an existing tag)",
    request: { in: 'body', schema: renameTagRequestSchema },
    response: renameTagResultSchema,
    status: 200,
    // A retry after success finds no link with the old tag: a 404, not a second change.
    idempotent: false,
    errors: [404, 413],
  },
  importLinks: {
    method: 'POST',
    path: '/links/import',
    tag: 'links',
    summary: 'Add or update many links at once (all or nothing)',
    request: { in: 'body', schema: importLinksRequestSchema },
    response: importReportSchema,
    status: 200,
    // A second import of the same links adds and changes nothing, so a retry is safe.
    idempotent: true,
    errors: [413, 422],
  },
});

/**
 * Only the gateway calls the link service, and only for the signed-in user whose links
 * they are, except for a user's public links: anyone may read those (the Atom feed
 * /feeds/<user>/links.atom serves them to anonymous readers), so the gateway reads them
 * with its own identity.
 */
export const linkServiceAccess: AccessTable<typeof linkServiceOperations> = {
  getLinks: gatewayForUser('username'),
  getPublicLinks: { [GATEWAY]: 'service' },
  importLinks: gatewayForUser('username'),
  addLink: gatewayForUser('username'),
  updateLink: gatewayForUser('username'),
  deleteLink: gatewayForUser('username'),
  getTags: gatewayForUser('username'),
  renameTag: gatewayForUser('username'),
};

/**
 * The contract served by a LinkManager: the link service mounts it, and the gateway serves
 * the same handlers with the caller's username filled in. A new operation without its
 * handler here fails to compile.
 */
export function linkHandlersOf(svc: LinkManager): OperationHandlers<typeof linkServiceOperations> {
  return {
    getLinks: (request) => svc.getLinks(request),
    getPublicLinks: (request) => svc.getPublicLinks(request),
    addLink: async (request) => ({ link: await svc.addLink(request) }),
    updateLink: async (request) => ({ link: await svc.updateLink(request) }),
    deleteLink: (request) => svc.deleteLink(request),
    getTags: (request) => svc.getTags(request),
    renameTag: (request) => svc.renameTag(request),
    importLinks: (request) => svc.importLinks(request),
  };
}
