import type { Browser, BrowserContext, Page } from 'playwright-core';
import { vi } from 'vitest';
import { type Api, startApi } from '../../demo/api/api.js';
import { type Issuer, startIssuer } from '../../demo/issuer/issuer.js';
import { launchChromium } from '../../demo/lib/chromium.js';
import { startSpa } from '../../demo/spa/server.js';
import type { DemoConfig } from '../../demo/spa/src/config.js';

export const AUDIENCE = 'https://bookstore.example/api';
export const OTHER_AUDIENCE = 'https://other.example/api';
export const CLIENT_ID = 'bookstore-spa';

type Spa = Awaited<ReturnType<typeof startSpa>>;

/**
 * The three demo servers on ephemeral loopback ports: the issuer with test controls, the API consulting the
 * issuer's revocation list, and the built SPA. A second SPA origin asks for another audience, to show what
 * the API does with a token that is not for it.
 */
export async function startStack({ accessTokenTtl = 3600 } = {}) {
  const issuer: Issuer = await startIssuer({ testControls: true, accessTokenTtl });
  let apiUrl = '';
  const config = (audience: string): DemoConfig => ({
    domain: issuer.url,
    clientId: CLIENT_ID,
    apiUrl,
    audience,
    mode: 'local',
  });
  const spa: Spa = await startSpa({ config: () => config(AUDIENCE) });
  const otherSpa: Spa = await startSpa({ config: () => config(OTHER_AUDIENCE) });
  const api: Api = await startApi({
    issuerUrl: issuer.url,
    audience: AUDIENCE,
    corsOrigin: [spa.url, otherSpa.url],
    isRevoked: (token) => issuer.isRevoked(token.jti),
  });
  apiUrl = api.url;

  return {
    issuer,
    api,
    spa,
    otherSpa,
    clearLogs() {
      issuer.clearLog();
      api.clearLog();
    },
    /** Refresh grants the issuer answered since the last clearLogs(). */
    refreshGrants: () => issuer.requestLog.filter((entry) => entry.grantType === 'refresh_token'),
    /** API calls to /books (preflights are not logged). */
    bookCalls: () => api.requestLog.filter((entry) => entry.path === '/books'),
    async close() {
      await Promise.all([api.close(), spa.close(), otherSpa.close(), issuer.close()]);
    },
  };
}
export type Stack = Awaited<ReturnType<typeof startStack>>;

/** One headless Chromium per test file (see demo/lib/chromium.js); every test gets its own context. */
export async function launchBrowser() {
  const browser: Browser = await launchChromium();
  return {
    browser,
    close: () => browser.close(),
  };
}

/** Opens the SPA and waits until the Kinde client has restored or ruled out a session. */
export async function openSpa(page: Page, url: string) {
  await page.goto(url);
  await page.waitForFunction(
    () => window.__demo !== undefined && window.__demo.auth.getSnapshot().status !== 'loading',
  );
}

/** Waits (across navigations) until the page's auth state is `status`. */
export async function waitForStatus(page: Page, status: 'authenticated' | 'unauthenticated') {
  await page.waitForFunction(
    (wanted) => window.__demo !== undefined && window.__demo.auth.getSnapshot().status === wanted,
    status,
  );
}

/** Signs in through the issuer's real sign-in page, as a user would. */
export async function signIn(page: Page, url: string, user = 'alice@example.com') {
  await openSpa(page, url);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator(`button[data-user="${user}"]`).click();
  await page.waitForURL(`${url}/**`);
  await waitForStatus(page, 'authenticated');
}

export async function newSignedInPage(context: BrowserContext, url: string, user?: string) {
  const page = await context.newPage();
  await signIn(page, url, user);
  return page;
}

/** Polls a request log until `check` passes; never a fixed sleep. */
export function eventually<T>(check: () => T, timeout = 10_000): Promise<T> {
  return vi.waitFor(check, { timeout, interval: 20 });
}

/** Page-side helpers, typed for page.evaluate. */
export const listBooks = (page: Page) => page.evaluate(() => window.__demo.listBooks());
export const addBook = (page: Page, book: { title: string; author: string }) =>
  page.evaluate((b) => window.__demo.addBook(b), book);
export const tokenClaims = (page: Page) => page.evaluate(() => window.__demo.claims());
export const unauthenticatedEvents = (page: Page) =>
  page.evaluate(() => window.__demo.events.unauthenticated);

/** Waits until the element with `data-testid=testId` is visible (and contains `text`, if given). */
export function shows(page: Page, testId: string, text?: string) {
  const locator = page.getByTestId(testId);
  return (text === undefined ? locator : locator.filter({ hasText: text })).waitFor({ timeout: 10_000 });
}
