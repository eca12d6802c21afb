import { InMemoryEventBus, subjectMatches } from '../../../pkg/events';
import { describeEventBusContract } from '../../support/event-bus-contract';

describeEventBusContract('in process', async () => {
  const bus = new InMemoryEventBus();
  return { bus, close: () => bus.close() };
});

describe('subjectMatches', () => {
  it.each([
    ['links.>', 'links.added', true],
    ['links.>', 'links', false],
    ['links.*', 'links.added', true],
    ['links.*', 'links.added.x', false],
    ['links.added', 'links.added', true],
    ['links.added', 'links.deleted', false],
  ])('%s ~ %s is %s', (pattern, subject, expected) => {
    expect(subjectMatches(pattern, subject)).toBe(expected);
  });
});
