import { InMemoryFeedStore } from '../../../pkg/news-manager';
import { describeFeedStoreContract } from '../../support/news-store-contract';

describeFeedStoreContract('in memory', async ({ maxLength }) => {
  const store = new InMemoryFeedStore({ maxLength });
  return { store, close: () => store.close() };
});
