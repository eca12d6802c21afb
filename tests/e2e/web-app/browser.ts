import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium (`.ci/run` installs it); Playwright never downloads a browser here. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Screenshots of the main screens, kept as test artifacts (git-ignored). */
export const SCREENSHOTS = join(process.cwd(), 'test-results', 'web-app');

export interface Problems {
  /** Console errors and uncaught exceptions, with the page they happened on. */
  errors: string[];
  /** The subset that are Content-Security-Policy violations. */
  cspViolations(): string[];
}

/**
 * Headless Chromium as the machine allows it: no sandbox (root), no GPU, and no
 * background networking (the network is closed; Chromium would otherwise keep trying).
 * Playwright gives it a fresh, temporary profile.
 */
export async function launchChromium(): Promise<{ browser: Browser; close(): Promise<void> }> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    close: () => browser.close(),
  };
}

/** Records every console error and uncaught exception of every page the context opens. */
export function watchProblems(context: BrowserContext): Problems {
  const errors: string[] = [];
  const watch = (page: Page) => {
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => errors.push(`${page.url()}: uncaught ${error.message}`));
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  return {
    errors,
    cspViolations: () => errors.filter((error) => /Content Security Policy/i.test(error)),
  };
}
