import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { bookmarkFileType } from '../../pkg/public-api-client';
import { CliError, EXIT } from './cli-error';
import type { CliSession } from './program';

/** Reads the file a person named, with an error that says which file and why. */
function readBookmarkFile(path: string): string {
  try {
    return readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new CliError(`cannot read ${path}: ${reason}`, EXIT.usage);
  }
}

/** `import FILE`, `export > FILE` and `feed-token`: bookmarks in and out, and the news feed's address. */
export function addFileCommands(program: Command, session: () => CliSession): void {
  program
    .command('import')
    .description(
      "import a browser's bookmark export (Netscape HTML) or Pinboard's or linkding's JSON; importing it again adds nothing",
    )
    .argument(
      '<file>',
      'the exported .html or .json file (- for standard input: HTML or JSON, told by content)',
    )
    .action(async (path: string) => {
      const s = session();
      const api = s.api();
      // The gateway also tells JSON by its content: standard input, which has no name, goes as HTML.
      const report = await api.importBookmarks(readBookmarkFile(path), bookmarkFileType(path));
      if (s.out.json) return s.out.data(report);
      const unchanged = report.skipped.filter((skip) => skip.reason === 'unchanged').length;
      const others = report.skipped.filter((skip) => skip.reason !== 'unchanged');
      s.out.line(
        `Added ${report.added}, updated ${report.updated}, unchanged ${unchanged}, skipped ${others.length}.`,
      );
      for (const skip of others) s.out.line(`  skipped ${skip.url}: ${skip.reason}`);
    });

  program
    .command('export')
    .description(
      'print all your links as a bookmark file any browser imports (delinkcious export > bookmarks.html)',
    )
    .action(async () => {
      const s = session();
      process.stdout.write(await s.api().exportBookmarks());
    });

  program
    .command('feed-token')
    .description('make a new address for your news feed in a feed reader (the old one stops working)')
    .option('--revoke', 'end the feed token: the news feed address stops working')
    .action(async (options: { revoke?: boolean }) => {
      const s = session();
      const api = s.api();
      if (options.revoke) {
        await api.revokeFeedToken();
        if (s.out.json) return s.out.data({ revoked: true });
        return s.out.line('Feed token revoked: your news feed address no longer works.');
      }
      const feed = await api.createFeedToken();
      const urls = { newsFeed: s.server + feed.newsFeed, linksFeed: s.server + feed.linksFeed };
      if (s.out.json) return s.out.data({ token: feed.token, ...urls });
      s.out.line(`News feed (keep it private): ${urls.newsFeed}`);
      s.out.line(`Your public links feed: ${urls.linksFeed}`);
    });
}
