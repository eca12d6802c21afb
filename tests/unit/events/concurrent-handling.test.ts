import { handleWithin } from '../../../pkg/events/concurrent-handling';

async function* numbers(count: number): AsyncIterable<number> {
  for (let i = 0; i < count; i++) yield i;
}

function gate() {
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe('handleWithin', () => {
  it('keeps up to `limit` handlings in flight, never more, and waits for all of them', async () => {
    let inFlight = 0;
    let most = 0;
    const done: number[] = [];
    await handleWithin(
      numbers(10),
      3,
      () => false,
      async (n) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5 + (n % 3) * 5));
        inFlight -= 1;
        done.push(n);
      },
    );
    expect(most).toBe(3);
    expect(done.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('does not let a slow message hold up the next ones', async () => {
    const slow = gate();
    const order: number[] = [];
    const all = handleWithin(
      numbers(4),
      2,
      () => false,
      async (n) => {
        if (n === 0) await slow.opened;
        order.push(n);
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(order).toEqual([1, 2, 3]);
    slow.open();
    await all;
    expect(order).toEqual([1, 2, 3, 0]);
  });

  it('handles one at a time with limit 1', async () => {
    let inFlight = 0;
    let most = 0;
    await handleWithin(
      numbers(5),
      1,
      () => false,
      async () => {
        most = Math.max(most, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, 1));
        inFlight -= 1;
      },
    );
    expect(most).toBe(1);
  });

  it('stops taking messages once stopped, and rejects with a failed handling after the rest finished', async () => {
    const seen: number[] = [];
    let stop = false;
    await handleWithin(
      numbers(10),
      2,
      () => stop,
      async (n) => {
        seen.push(n);
        if (n === 3) stop = true;
      },
    );
    expect(seen).toEqual([0, 1, 2, 3]);

    let finished = 0;
    await expect(
      handleWithin(
        numbers(10),
        3,
        () => false,
        async (n) => {
          if (n === 1) throw new Error('broken');
          await new Promise((resolve) => setTimeout(resolve, 10));
          finished += 1;
        },
      ),
    ).rejects.toThrow('broken');
    // Message 0 was in flight when 1 failed: it finished; nothing after 1 was taken.
    expect(finished).toBe(1);
  });

  it('takes no further message from the server once a handling failed, so it stays there for redelivery', async () => {
    let taken = 0;
    async function* counted(): AsyncIterable<number> {
      for (let i = 0; i < 5; i++) {
        taken += 1;
        yield i;
      }
    }
    await expect(
      handleWithin(
        counted(),
        1,
        () => false,
        async () => Promise.reject(new Error('broken')),
      ),
    ).rejects.toThrow('broken');
    expect(taken).toBe(1);
  });
});
