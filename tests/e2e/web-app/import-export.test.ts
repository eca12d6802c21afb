import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { startAllInOne, type AllInOneSystem } from '../../support/all-in-one';
import { launchChromium, SCREENSHOTS, watchProblems, type Problems } from './browser';

// `npm start` on ports of its own (31200, 34280, …: below Linux's ephemeral range, all allowed by fetch).
const PORT_OFFSET = 26200;
const VISIBLE = { state: 'visible', timeout: 15_000 } as const;
const FIREFOX_EXPORT = join(process.cwd(), 'tests/fixtures/bookmarks/firefox.html');

let system: AllInOneSystem;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let context: BrowserContext;
let problems: Problems;
let page: Page;

beforeAll(async () => {
  system = await startAllInOne(PORT_OFFSET);
  chromium = await launchChromium();
  context = await chromium.browser.newContext({
    viewport: { width: 1200, height: 900 },
    acceptDownloads: true,
  });
  problems = watchProblems(context);
  page = await context.newPage();
  await page.goto(system.gateway);
  await page.getByLabel('User name').fill('ann');
  await page.getByLabel('Email').fill('ann@example.com');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('Signed in as ann').waitFor(VISIBLE);
}, 120_000);

afterAll(async () => {
  await chromium?.close();
  await system?.stop();
});

describe('import, export and feeds in the web app, in headless Chromium', () => {
  const card = () => page.getByRole('region', { name: 'Import and export' });

  it('imports a browser export from the file picker and shows the report and the links', async () => {
    await card()
      .getByLabel(/Bookmarks exported from your browser/)
      .setInputFiles(FIREFOX_EXPORT);
    await card().getByRole('button', { name: 'Import' }).click();
    await card()
      .getByRole('status')
      .filter({ hasText: 'Imported: 5 added, 0 updated, 0 unchanged, 2 skipped.' })
      .waitFor(VISIBLE);
    const skipped = await card()
      .getByRole('list', { name: 'Skipped bookmarks' })
      .getByRole('listitem')
      .allTextContents();
    expect(skipped).toHaveLength(2);
    expect(skipped[0]).toMatch(/^place:.*: url must be an absolute http or https URL$/);
    await page.getByRole('article', { name: '東京 – ウィキペディア', exact: true }).waitFor(VISIBLE);
    await page.screenshot({ path: join(SCREENSHOTS, 'import.png'), fullPage: true });

    await card().getByRole('button', { name: 'Import' }).click();
    await card().getByRole('status').filter({ hasText: '0 added, 0 updated, 5 unchanged' }).waitFor(VISIBLE);
  }, 30_000);

  it('exports the links as a bookmark file download', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      card().getByRole('button', { name: 'Export all links' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('delinkcious-bookmarks.html');
    const file = readFileSync((await download.path())!, 'utf8');
    expect(file).toMatch(/^<!DOCTYPE NETSCAPE-Bookmark-file-1>/);
    expect(file.match(/<DT><A /g)).toHaveLength(5);
  }, 30_000);

  it('makes, rotates and revokes the news feed address', async () => {
    await page.getByRole('link', { name: 'News' }).click();
    const feeds = page.getByRole('region', { name: 'Read in a feed reader' });
    await feeds.getByRole('button', { name: 'Make a news feed address' }).click();
    const field = feeds.getByLabel(/News feed address/);
    await field.waitFor(VISIBLE);
    const first = await field.inputValue();
    expect(first.startsWith(`${system.gateway}/feeds/ann/news.atom?token=`)).toBe(true);
    expect((await fetch(first)).status).toBe(200);
    await page.screenshot({ path: join(SCREENSHOTS, 'feeds.png'), fullPage: true });

    await feeds.getByRole('button', { name: 'Make a new address' }).click();
    let second = first;
    for (let tries = 0; second === first && tries < 100; tries++) {
      await page.waitForTimeout(100);
      second = await field.inputValue();
    }
    expect(second).not.toBe(first);
    expect((await fetch(first)).status).toBe(401);
    expect((await fetch(second)).status).toBe(200);

    await feeds.getByRole('button', { name: 'Revoke the address' }).click();
    await feeds.getByRole('status').filter({ hasText: 'revoked' }).waitFor(VISIBLE);
    expect((await fetch(second)).status).toBe(401);
    expect((await fetch(`${system.gateway}/feeds/ann/links.atom`)).status).toBe(200);
    expect(problems.errors).toEqual([]);
  }, 30_000);
});
