import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  addBook,
  launchBrowser,
  listBooks,
  openSpa,
  type Stack,
  shows,
  signIn,
  startStack,
  tokenClaims,
  unauthenticatedEvents,
  waitForStatus,
} from './stack.js';

let stack: Stack;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  stack = await startStack();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});
beforeEach(async () => {
  context = await browser.browser.newContext();
  page = await context.newPage();
  await signIn(page, stack.spa.url);
  stack.clearLogs();
});
afterEach(() => context.close());

describe('a revoked access token', () => {
  it('is renewed once and the call succeeds: one refresh grant, 401 then 200, a new token on the retry', async () => {
    const before = await tokenClaims(page);
    stack.issuer.revokeAccessTokens();

    const result = await listBooks(page);

    expect(result.ok).toBe(true);
    const refreshes = stack.refreshGrants();
    expect(refreshes).toEqual([expect.objectContaining({ status: 200, accessTokenJti: expect.any(String) })]);
    expect(stack.bookCalls().map(({ method, status, jti }) => ({ method, status, jti }))).toEqual([
      { method: 'GET', status: 401, jti: before?.jti },
      { method: 'GET', status: 200, jti: refreshes[0]?.accessTokenJti },
    ]);
    expect(refreshes[0]?.accessTokenJti).not.toBe(before?.jti);
    expect(stack.bookCalls()[0]?.wwwAuthenticate).toContain('error="invalid_token"');
    expect(await unauthenticatedEvents(page)).toEqual([]);
  });

  it('a POST is replayed after the renewal with an identical body, and the book is added once', async () => {
    const book = { title: 'The Dispossessed', author: 'Ursula K. Le Guin' };
    stack.issuer.revokeAccessTokens();

    const result = await addBook(page, book);

    expect(result).toMatchObject({ ok: true, data: book });
    const posts = stack.bookCalls().filter((entry) => entry.method === 'POST');
    expect(posts.map((entry) => entry.status)).toEqual([401, 201]);
    expect(posts[1]?.body).toBe(posts[0]?.body);
    expect(JSON.parse(posts[0]?.body ?? '')).toEqual(book);
    expect(posts[1]?.jti).not.toBe(posts[0]?.jti);
    expect(stack.refreshGrants()).toHaveLength(1);
    expect(stack.api.books.filter((stored) => stored.title === book.title)).toHaveLength(1);
  });

  it('two tabs hitting it at the same moment trigger one refresh in total', async () => {
    const second = await context.newPage();
    await openSpa(second, stack.spa.url);
    await waitForStatus(second, 'authenticated');
    stack.clearLogs();
    stack.issuer.revokeAccessTokens();

    const [first, other] = await Promise.all([listBooks(page), listBooks(second)]);

    // toMatchObject, so a failure shows the error the page got
    expect(first).toMatchObject({ ok: true });
    expect(other).toMatchObject({ ok: true });
    const refreshes = stack.refreshGrants();
    expect(refreshes).toEqual([expect.objectContaining({ status: 200 })]);
    const calls = stack.bookCalls();
    expect(calls.map((entry) => entry.status).sort()).toEqual([200, 200, 401, 401]);
    // Both tabs retried with the one new token the single refresh produced.
    expect(calls.filter((entry) => entry.status === 200).map((entry) => entry.jti)).toEqual([
      refreshes[0]?.accessTokenJti,
      refreshes[0]?.accessTokenJti,
    ]);
  });
});

describe('a dead session (access token and refresh tokens revoked)', () => {
  it('rejects with a typed error, fires onUnauthenticated once, refreshes at most once, and then goes quiet', async () => {
    stack.issuer.revokeAccessTokens();
    stack.issuer.revokeRefreshTokens();

    const result = await listBooks(page);

    expect(result).toMatchObject({
      ok: false,
      error: { name: 'NotAuthenticatedError', code: expect.any(String), reason: 'refresh-failed' },
    });
    expect(await unauthenticatedEvents(page)).toEqual([
      expect.objectContaining({ reason: 'refresh-failed' }),
    ]);
    expect(stack.refreshGrants().length).toBeLessThanOrEqual(1);
    expect(stack.refreshGrants().every((entry) => entry.status === 400)).toBe(true);
    expect(stack.bookCalls().map((entry) => entry.status)).toEqual([401]);
    await waitForStatus(page, 'unauthenticated');
    await shows(page, 'error', 'Not signed in');

    // No loop: nothing more reaches the issuer or the API on its own. Absence can only be observed over a
    // window of time, so this is the one place that waits for a fixed period.
    const issuerCount = stack.issuer.requestLog.length;
    const apiCount = stack.api.requestLog.length;
    await page.waitForTimeout(1500);
    expect(stack.issuer.requestLog.length).toBe(issuerCount);
    expect(stack.api.requestLog.length).toBe(apiCount);
    expect(await unauthenticatedEvents(page)).toHaveLength(1);

    // A later call fails as signed out before sending: the dead token is not sent again, no other refresh
    // attempt, no other notification.
    const again = await listBooks(page);
    expect(again).toMatchObject({
      ok: false,
      error: { name: 'NotAuthenticatedError', reason: 'signed-out' },
    });
    expect(stack.api.requestLog.length).toBe(apiCount);
    expect(stack.refreshGrants().length).toBeLessThanOrEqual(1);
    expect(await unauthenticatedEvents(page)).toHaveLength(1);
  });
});

describe('permissions', () => {
  it('a 403 insufficient_scope is a typed error and does not trigger a refresh', async () => {
    const bobContext = await browser.browser.newContext();
    try {
      const bob = await bobContext.newPage();
      await signIn(bob, stack.spa.url, 'bob@example.com');
      stack.clearLogs();

      const result = await addBook(bob, { title: 'Not allowed', author: 'Bob' });

      expect(result).toMatchObject({
        ok: false,
        error: { name: 'InsufficientScopeError', scope: ['create:books'] },
      });
      expect(stack.bookCalls().map((entry) => entry.status)).toEqual([403]);
      expect(stack.refreshGrants()).toEqual([]);
      await shows(bob, 'error', 'Permission missing');
    } finally {
      await bobContext.close();
    }
  });
});
