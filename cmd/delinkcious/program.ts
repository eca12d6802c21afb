import { Command, InvalidArgumentError, Option } from 'commander';
import { PublicApiClient, type LinkFilter } from '../../pkg/public-api-client';
import { CliError, EXIT } from './cli-error';
import { configPath, readConfig, writeConfig, type CliConfig } from './config-file';
import { addFileCommands } from './file-commands';
import { formatLink, formatNewsEvent, formatTagCount, makeOutput, type Output } from './output';
import { loopbackLogin } from './social-login';

export const DEFAULT_SERVER = 'http://localhost:5000';

interface GlobalOptions {
  server?: string;
  json?: boolean;
}

/** What every command works with: the config file, the gateway, the output. */
export class CliSession {
  readonly file: string;
  readonly config: CliConfig;
  readonly server: string;
  readonly out: Output;

  constructor(options: GlobalOptions, env: NodeJS.ProcessEnv) {
    this.file = configPath(env);
    this.config = readConfig(this.file);
    this.server = (options.server ?? env.DELINKCIOUS_SERVER ?? this.config.server ?? DEFAULT_SERVER).replace(
      /\/+$/,
      '',
    );
    if (!/^https?:\/\/[^/]+/.test(this.server)) {
      throw new CliError(`the server must be an http(s) url, not "${this.server}"`, EXIT.usage);
    }
    this.out = makeOutput(options.json ?? false);
  }

  /** The API as the signed-in user, on the server they signed in to. */
  api(): PublicApiClient {
    const sameServer = !this.config.server || this.config.server === this.server;
    if (!this.config.session || !sameServer) {
      throw new CliError(`not signed in to ${this.server}: run \`delinkcious login\``, EXIT.signedOut);
    }
    return new PublicApiClient({ baseUrl: this.server, session: this.config.session });
  }

  anonymousApi(): PublicApiClient {
    return new PublicApiClient({ baseUrl: this.server });
  }

  remember(config: CliConfig): void {
    writeConfig(this.file, config);
  }
}

interface LoginOptions {
  username?: string;
  email?: string;
  social?: boolean;
  timeout?: number;
  session?: string;
}

interface EditOptions {
  title?: string;
  description?: string;
  private?: boolean;
  public?: boolean;
}

const collect = (value: string, previous: string[] = []) => [...previous, ...splitTags(value)];
const splitTags = (value: string) =>
  value
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean);

const SOCIAL_LOGIN_TIMEOUT_SECONDS = 300;

function seconds(value: string): number {
  if (!/^[0-9]{1,4}$/.test(value) || Number(value) < 1 || Number(value) > 3600) {
    throw new InvalidArgumentError('must be a whole number of seconds from 1 to 3600.');
  }
  return Number(value);
}

function positiveInt(value: string): number {
  if (!/^[0-9]{1,3}$/.test(value) || Number(value) < 1 || Number(value) > 100) {
    throw new InvalidArgumentError('must be a whole number from 1 to 100.');
  }
  return Number(value);
}

/** The `delinkcious` command line; `env` is where it reads DELINKCIOUS_CONFIG and friends. */
export function buildProgram(env: NodeJS.ProcessEnv): Command {
  const program = new Command('delinkcious')
    .description('Save, tag and share links on a Delinkcious server, from the command line.')
    .option(
      '--server <url>',
      `the gateway (default: $DELINKCIOUS_SERVER, the config file, or ${DEFAULT_SERVER})`,
    )
    .option('--json', "print the API's JSON instead of text")
    .showHelpAfterError('(add --help for usage)');
  const session = () => new CliSession(program.opts<GlobalOptions>(), env);

  program
    .command('login')
    .description('sign in and remember the session in the config file')
    .option('--username <name>', 'development login as this user (servers with DEV_LOGIN_ENABLED)')
    .option('--email <address>', 'the email of the development login')
    .option('--social', 'social login in the browser, which hands the session back to this command')
    .option(
      '--timeout <seconds>',
      `how long --social waits for the browser (default ${SOCIAL_LOGIN_TIMEOUT_SECONDS})`,
      seconds,
    )
    .option('--session <token>', 'use a session opened elsewhere')
    .action(async (options: LoginOptions) => {
      const s = session();
      const ways = [options.username !== undefined, options.social === true, options.session !== undefined];
      if (ways.filter(Boolean).length !== 1) {
        throw new CliError(
          'log in with exactly one of --username (with --email), --social or --session',
          EXIT.usage,
        );
      }
      if (options.timeout !== undefined && !options.social)
        throw new CliError('--timeout goes with --social', EXIT.usage);
      let token: string;
      if (options.username !== undefined) {
        if (!options.email) throw new CliError('--username needs --email', EXIT.usage);
        token = (await s.anonymousApi().devLogin({ username: options.username, email: options.email }))
          .session;
      } else if (options.social) {
        const timeoutSeconds = options.timeout ?? SOCIAL_LOGIN_TIMEOUT_SECONDS;
        token = (await loopbackLogin(s.anonymousApi(), s.server, { timeoutSeconds, env })).session;
      } else {
        token = options.session ?? '';
        if (!token) throw new CliError('no session given', EXIT.usage);
      }
      const me = await s.anonymousApi().withSession(token).me();
      s.remember({ server: s.server, session: token, username: me.username });
      if (s.out.json) s.out.data({ server: s.server, ...me });
      else s.out.line(`Signed in to ${s.server} as ${me.username}.`);
    });

  program
    .command('logout')
    .description('end the session on the server and forget it')
    .action(async () => {
      const s = session();
      await s.api().logout();
      s.remember({ server: s.server });
      if (s.out.json) s.out.data({ signedOut: true });
      else s.out.line('Signed out.');
    });

  program
    .command('whoami')
    .description('who the remembered session belongs to')
    .action(async () => {
      const s = session();
      const me = await s.api().me();
      if (s.out.json) s.out.data(me);
      else s.out.line(`${me.username} <${me.email}> on ${s.server}`);
    });

  program
    .command('add')
    .description('save a link')
    .argument('<url>', 'the link (http or https)')
    .requiredOption('-t, --title <title>', 'its title')
    .option('-d, --description <text>', 'a description')
    .option('--tag <tags>', 'a tag, or several separated by commas; repeatable', collect)
    .option('--private', 'keep it to yourself: it never appears in your followers’ news')
    .action(
      async (
        url: string,
        options: { title: string; description?: string; tag?: string[]; private?: boolean },
      ) => {
        const s = session();
        const link = await s.api().addLink({
          url,
          title: options.title,
          description: options.description,
          tags: options.tag,
          private: options.private,
        });
        if (s.out.json) s.out.data({ link });
        else s.out.line(`Saved ${link.url}${link.private ? ' (private)' : ''}`);
      },
    );

  program
    .command('ls')
    .description('list your links, newest first (best match first with -q), a page at a time')
    .option(
      '-q, --search <words>',
      'search words in titles, descriptions, urls and tags (any case and accents); tag:name, -word',
    )
    .option('--tag <tag>', 'only links with this tag')
    .option('--title <regex>', 'title matches this RE2 pattern (unanchored, case-sensitive)')
    .option('--url <regex>', 'url matches this RE2 pattern')
    .option('--description <regex>', 'description matches this RE2 pattern')
    .option('--limit <n>', 'links per page, 1 to 100 (default 10)', positiveInt)
    .option('--start <token>', 'the page token printed at the end of the previous page')
    .addOption(new Option('--all', 'every page, not only the first').conflicts('start'))
    .action(async (options: Omit<LinkFilter, 'q'> & { search?: string; all?: boolean }) => {
      const s = session();
      const { all, search, ...rest } = options;
      const filter: LinkFilter = { ...rest, q: search };
      const api = s.api();
      let page = await api.listLinks(filter);
      const links = [...page.links];
      while (all && page.nextPageToken) {
        page = await api.listLinks({ ...filter, start: page.nextPageToken });
        links.push(...page.links);
      }
      if (s.out.json) return s.out.data({ links, nextPageToken: page.nextPageToken });
      if (links.length === 0) s.out.line('No links.');
      for (const link of links) s.out.line(formatLink(link));
      if (page.nextPageToken) s.out.line(`More: delinkcious ls --start ${page.nextPageToken} (or --all)`);
    });

  program
    .command('tags')
    .description('your tags with how many links carry each, most used first')
    .action(async () => {
      const s = session();
      const tags = await s.api().tags();
      if (s.out.json) return s.out.data({ tags });
      s.out.line(tags.length ? tags.map(formatTagCount).join('\n') : 'No tags.');
    });

  program
    .command('rm')
    .description('delete a link')
    .argument('<url>', 'the link to delete')
    .action(async (url: string) => {
      const s = session();
      await s.api().deleteLink(url);
      if (s.out.json) s.out.data({ deleted: url });
      else s.out.line(`Deleted ${url}`);
    });

  const tag = program
    .command('tag')
    .description('add and remove tags of a link (or `tag rename <from> <to>` on all your links)')
    .argument('<url>', 'the link')
    .option('--add <tags>', 'tags to add (commas; repeatable)', collect)
    .option('--remove <tags>', 'tags to remove (commas; repeatable)', collect)
    .action(async (url: string, options: { add?: string[]; remove?: string[] }) => {
      const s = session();
      if (!options.add?.length && !options.remove?.length) {
        throw new CliError('say which tags to --add or --remove', EXIT.usage);
      }
      const link = await s.api().updateLink({ url, addTags: options.add, removeTags: options.remove });
      if (s.out.json) s.out.data({ link });
      else s.out.line(`${link.url} is tagged: ${link.tags.join(', ') || '(no tags)'}`);
    });
  tag
    .command('rename')
    .description('rename a tag on all your links (into an existing tag, the two merge)')
    .argument('<from>', 'the tag to rename')
    .argument('<to>', 'its new name')
    .action(async (from: string, to: string) => {
      const s = session();
      const renamed = await s.api().renameTag(from, to);
      if (s.out.json) s.out.data({ from, to, renamed });
      else s.out.line(`Renamed ${from} to ${to} on ${renamed} ${renamed === 1 ? 'link' : 'links'}.`);
    });

  program
    .command('edit')
    .description("change a link's title, description or privacy")
    .argument('<url>', 'the link')
    .option('-t, --title <title>', 'the new title')
    .option('-d, --description <text>', 'the new description')
    .addOption(new Option('--private', 'hide it from followers from now on').conflicts('public'))
    .option('--public', 'share it with followers (their news shows it as added)')
    .action(async (url: string, options: EditOptions) => {
      const s = session();
      const { public: share, private: hide, ...text } = options;
      const isPrivate = hide ? true : share ? false : undefined;
      if (text.title === undefined && text.description === undefined && isPrivate === undefined) {
        throw new CliError('say what to change: --title, --description, --private or --public', EXIT.usage);
      }
      const link = await s.api().updateLink({ url, ...text, private: isPrivate });
      if (s.out.json) s.out.data({ link });
      else s.out.line(formatLink(link));
    });

  const socialChanges = [
    { name: 'follow', description: 'follow someone: their links appear in your news', past: 'followed' },
    { name: 'unfollow', description: 'stop following someone', past: 'unfollowed' },
  ] as const;
  for (const change of socialChanges) {
    program
      .command(change.name)
      .description(change.description)
      .argument('<username>')
      .action(async (username: string) => {
        const s = session();
        const api = s.api();
        await (change.name === 'follow' ? api.follow(username) : api.unfollow(username));
        if (s.out.json) s.out.data({ [change.past]: username });
        else
          s.out.line(
            change.name === 'follow' ? `You now follow ${username}.` : `You no longer follow ${username}.`,
          );
      });
  }

  const socialLists = [
    { name: 'following', description: 'who you follow', empty: 'You follow nobody yet.' },
    { name: 'followers', description: 'who follows you', empty: 'Nobody follows you yet.' },
  ] as const;
  for (const list of socialLists) {
    program
      .command(list.name)
      .description(list.description)
      .action(async () => {
        const s = session();
        const api = s.api();
        const people = await (list.name === 'following' ? api.following() : api.followers());
        if (s.out.json) s.out.data({ [list.name]: people });
        else s.out.line(people.length ? people.join('\n') : list.empty);
      });
  }

  program
    .command('news')
    .description('what the people you follow saved, newest first')
    .option('--start <token>', 'the page token printed at the end of the previous page')
    .action(async (options: { start?: string }) => {
      const s = session();
      const news = await s.api().news(options.start);
      if (s.out.json) return s.out.data(news);
      if (news.events.length === 0) s.out.line('No news.');
      for (const event of news.events) s.out.line(formatNewsEvent(event));
      if (news.nextToken) s.out.line(`Older: delinkcious news --start ${news.nextToken}`);
    });

  addFileCommands(program, session);
  return program;
}
