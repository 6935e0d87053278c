import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AUDIENCE,
  eventually,
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
  stack.clearLogs();
});
afterEach(() => context.close());

const rawToken = (p: Page) => p.evaluate(() => window.__demo.auth.getAccessToken());

describe('sign-in', () => {
  it('sends the audience on the authorize request, and the access token carries it', async () => {
    await signIn(page, stack.spa.url);

    const authorize = stack.issuer.requestLog.filter((entry) => entry.path === '/oauth2/auth');
    expect(authorize).toHaveLength(1);
    expect(authorize[0]).toMatchObject({ audience: AUDIENCE, clientId: 'bookstore-spa' });
    const codeExchanges = stack.issuer.requestLog.filter((entry) => entry.grantType === 'authorization_code');
    expect(codeExchanges).toEqual([expect.objectContaining({ status: 200, user: 'alice@example.com' })]);

    const token = await rawToken(page);
    const { payload } = await jwtVerify(
      token ?? '',
      createRemoteJWKSet(new URL('/.well-known/jwks', stack.issuer.url)),
      {
        issuer: stack.issuer.url,
        audience: AUDIENCE,
      },
    );
    expect(payload.aud).toContain(AUDIENCE);
    expect(payload.jti).toBe(codeExchanges[0]?.accessTokenJti);
    await shows(page, 'token-aud', AUDIENCE);
    await shows(page, 'user', 'alice@example.com');
  });

  it('listing books sends exactly one API request, with a valid Bearer token', async () => {
    await signIn(page, stack.spa.url);
    const { jti } = (await tokenClaims(page)) ?? {};
    stack.clearLogs();

    const result = await listBooks(page);

    expect(result.ok).toBe(true);
    expect(stack.bookCalls()).toEqual([
      expect.objectContaining({
        method: 'GET',
        status: 200,
        hasBearer: true,
        jti,
        sub: expect.stringMatching(/^kp_/),
      }),
    ]);
    expect(stack.refreshGrants()).toEqual([]);
    await shows(page, 'books', 'Kindred');
  });

  it('a reload restores the session from the refresh token', async () => {
    await signIn(page, stack.spa.url);
    const before = await tokenClaims(page);
    stack.clearLogs();

    await page.reload();
    await waitForStatus(page, 'authenticated');

    // Access tokens live in memory only: the restore is one refresh grant, and no new sign-in.
    expect(stack.refreshGrants()).toEqual([expect.objectContaining({ status: 200 })]);
    expect(stack.issuer.requestLog.filter((entry) => entry.path === '/oauth2/auth')).toEqual([]);
    const after = await tokenClaims(page);
    expect(after?.jti).not.toBe(before?.jti);
    expect((await listBooks(page)).ok).toBe(true);
    expect(stack.bookCalls()).toEqual([expect.objectContaining({ status: 200, jti: after?.jti })]);
  });

  it('sign-out clears the session: nothing is sent to the API afterwards', async () => {
    await signIn(page, stack.spa.url);
    stack.clearLogs();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await eventually(() => expect(stack.issuer.requestLog.map((entry) => entry.path)).toContain('/logout'));
    await page.waitForURL(`${stack.spa.url}/**`);
    await openSpa(page, stack.spa.url);

    expect(await page.evaluate(() => window.__demo.auth.getSnapshot().status)).toBe('unauthenticated');
    const stored = await page.evaluate(() => Object.keys(localStorage).filter((key) => /refresh/i.test(key)));
    expect(stored).toEqual([]);
    await shows(page, 'signed-out');

    const result = await listBooks(page);
    expect(result).toMatchObject({
      ok: false,
      error: { name: 'NotAuthenticatedError', reason: 'signed-out' },
    });
    expect(stack.bookCalls()).toEqual([]);
    // Nobody was signed in: not a lost session, so no onUnauthenticated.
    expect(await unauthenticatedEvents(page)).toEqual([]);
  });
});
