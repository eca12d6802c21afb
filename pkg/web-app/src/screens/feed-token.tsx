import { useState } from 'preact/hooks';
import { useApp } from '../app-context';
import { Notice } from '../messages';

/** The addresses feed readers use: the news feed (with its token: made, rotated, revoked here) and the links feed. */
export function FeedToken() {
  const { api, username, failed } = useApp();
  const [newsFeed, setNewsFeed] = useState<string>();
  const [error, setError] = useState<string>();
  const [info, setInfo] = useState<string>();

  const act = async (what: 'create' | 'revoke') => {
    try {
      if (what === 'create') {
        const feed = await api.createFeedToken();
        setNewsFeed(location.origin + feed.newsFeed);
        setInfo('A new news feed address: any earlier one no longer works.');
      } else {
        await api.revokeFeedToken();
        setNewsFeed(undefined);
        setInfo('Feed token revoked: your news feed address no longer works.');
      }
      setError(undefined);
    } catch (failure) {
      setError(failed(failure));
    }
  };

  return (
    <section aria-labelledby="feeds-title" class="card">
      <h2 id="feeds-title">Read in a feed reader</h2>
      <p>
        Your public links:{' '}
        <a href={`/feeds/${username}/links.atom`}>{`${location.origin}/feeds/${username}/links.atom`}</a>
      </p>
      <p>Your news feed needs a private address: anyone who has it can read your news.</p>
      {newsFeed && (
        <p>
          <label for="news-feed-url">News feed address (shown once: copy it into your feed reader)</label>
          <input
            id="news-feed-url"
            type="url"
            readOnly
            value={newsFeed}
            onFocus={(event) => event.currentTarget.select()}
          />
        </p>
      )}
      <p>
        <button type="button" onClick={() => void act('create')}>
          {newsFeed ? 'Make a new address' : 'Make a news feed address'}
        </button>{' '}
        <button type="button" class="danger" onClick={() => void act('revoke')}>
          Revoke the address
        </button>
      </p>
      <Notice error={error} info={info} />
    </section>
  );
}
