import type { EventBus, Subscription } from '../../pkg/events';
import type { LinkChecker } from '../../pkg/link-checker';
import {
  LINK_CHECKED_SUBJECT,
  LINK_EVENT_SUBJECTS,
  LINK_IMPORTED_SUBJECT,
  LINK_RECHECK_SUBJECT,
  type LinkCheckedEvent,
  type LinkEvent,
  type LinkRecheckEvent,
} from '../../pkg/object-model';

/**
 * Checks every added (or imported) link, and every link the `recheck-links` job asks about
 * again, and publishes the verdict for the link service. Two durables, so a backlog of
 * re-checks never holds up the checks of new links.
 */
export async function consumeLinksToCheck(
  bus: EventBus,
  checker: LinkChecker,
  options: { concurrency: number } = { concurrency: 1 },
): Promise<Subscription> {
  const sources = [
    { durable: 'link-checker', subjects: [LINK_EVENT_SUBJECTS.LINK_ADDED, LINK_IMPORTED_SUBJECT] },
    { durable: 'link-checker-recheck', subjects: [LINK_RECHECK_SUBJECT] },
  ];
  const subscriptions = await Promise.all(
    sources.map(({ durable, subjects }) =>
      bus.consume<LinkEvent | LinkRecheckEvent>(
        {
          durable,
          subjects,
          maxDeliver: 5,
          // One slow site must not hold up the checks of every other user's links.
          concurrency: options.concurrency,
        },
        async ({ data }) => {
          const result = await checker.check(data.link.url);
          const verdict: LinkCheckedEvent = {
            // Derived from the source event: a redelivered check publishes a duplicate JetStream drops.
            id: `checked-${data.id}`,
            author: data.author,
            url: data.link.url,
            status: result.status,
            reason: result.reason,
            checkedAt: new Date().toISOString(),
          };
          await bus.publish(LINK_CHECKED_SUBJECT, verdict, { msgId: verdict.id });
        },
      ),
    ),
  );
  return { stop: async () => void (await Promise.all(subscriptions.map((s) => s.stop()))) };
}
