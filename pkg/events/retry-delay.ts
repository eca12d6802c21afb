/** Delay before redelivering an event that failed `deliveryCount` times: 100 ms doubling to 5 s. */
export function redeliveryDelayMs(deliveryCount: number): number {
  return Math.min(5000, 100 * 2 ** Math.max(0, deliveryCount - 1));
}
