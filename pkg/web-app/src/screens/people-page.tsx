import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useApp } from '../app-context';
import { Notice } from '../messages';

/** Follow and unfollow people; see who follows the user. */
export function PeoplePage() {
  const { api, failed } = useApp();
  const [following, setFollowing] = useState<string[]>();
  const [followers, setFollowers] = useState<string[]>();
  const [name, setName] = useState('');
  const [error, setError] = useState<string>();
  const [info, setInfo] = useState<string>();

  const reload = async () => {
    try {
      const [nowFollowing, nowFollowers] = await Promise.all([api.following(), api.followers()]);
      setFollowing(nowFollowing);
      setFollowers(nowFollowers);
    } catch (failure) {
      setError(failed(failure));
    }
  };
  useEffect(() => void reload(), [api]);

  const act = async (what: 'follow' | 'unfollow', username: string) => {
    try {
      await (what === 'follow' ? api.follow(username) : api.unfollow(username));
      if (what === 'follow') setName('');
      await reload();
      // Announced once the lists show it.
      setInfo(what === 'follow' ? `You now follow ${username}.` : `You no longer follow ${username}.`);
      setError(undefined);
    } catch (failure) {
      setError(failed(failure));
    }
  };

  return (
    <>
      <h1>People</h1>
      <Notice error={error} info={info} />
      <section aria-labelledby="follow-title" class="card">
        <h2 id="follow-title">Follow someone</h2>
        <form
          class="inline"
          onSubmit={(event) => {
            event.preventDefault();
            void act('follow', name.trim());
          }}
        >
          <label for="follow-username">User name</label>
          <input
            id="follow-username"
            required
            pattern="[A-Za-z0-9][A-Za-z0-9._\-]{0,63}"
            value={name}
            onInput={(event) => setName(event.currentTarget.value)}
          />
          <button type="submit">Follow</button>
        </form>
      </section>
      <section aria-labelledby="following-title">
        <h2 id="following-title">You follow</h2>
        <PeopleList
          people={following}
          empty="Nobody yet."
          label="People you follow"
          action={(username) => (
            <button type="button" class="secondary" onClick={() => void act('unfollow', username)}>
              Unfollow <span class="visually-hidden">{username}</span>
            </button>
          )}
        />
      </section>
      <section aria-labelledby="followers-title">
        <h2 id="followers-title">Your followers</h2>
        <PeopleList
          people={followers}
          empty="Nobody follows you yet."
          label="Your followers"
          action={(username) =>
            following?.includes(username) ? null : (
              <button type="button" class="secondary" onClick={() => void act('follow', username)}>
                Follow back <span class="visually-hidden">{username}</span>
              </button>
            )
          }
        />
      </section>
    </>
  );
}

function PeopleList(props: {
  people: string[] | undefined;
  empty: string;
  label: string;
  action(username: string): ComponentChildren;
}) {
  if (props.people === undefined) return <p>Loading…</p>;
  if (props.people.length === 0) return <p>{props.empty}</p>;
  return (
    <ul class="people" aria-label={props.label}>
      {props.people.map((username) => (
        <li key={username}>
          <span class="person">{username}</span> {props.action(username)}
        </li>
      ))}
    </ul>
  );
}
