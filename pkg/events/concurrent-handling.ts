/**
 * Runs `handle` on each message as it arrives, with at most `limit` running at once: the
 * next message is taken only when a slot is free, so the rest stay with the server (or
 * its client-side buffer). Resolves once the messages end, or `stopped()` turns true, and
 * every handling started has finished; rejects with the first handling that failed.
 */
export async function handleWithin<M>(
  messages: AsyncIterable<M>,
  limit: number,
  stopped: () => boolean,
  handle: (message: M) => Promise<void>,
): Promise<void> {
  const running = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  try {
    for await (const message of messages) {
      if (stopped() || failure) break;
      const work: Promise<void> = handle(message)
        .catch((error: unknown) => {
          failure ??= { error };
        })
        .finally(() => running.delete(work));
      running.add(work);
      if (running.size >= limit) await Promise.race(running);
      if (failure) break;
    }
  } finally {
    await Promise.all(running);
  }
  if (failure) throw failure.error;
}
