import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import {
  AUDIENCE,
  launchBrowser,
  listBooks,
  OTHER_AUDIENCE,
  type Stack,
  shows,
  signIn,
  startStack,
  tokenClaims,
  unauthenticatedEvents,
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
});
afterEach(async () => {
  stack.issuer.setEnabledAudiences(undefined);
  await context.close();
});

it('the API rejects a token minted for another audience, and the client does not loop on it', async () => {
  // This SPA origin is configured (by mistake) with another API's audience; the API expects AUDIENCE.
  await signIn(page, stack.otherSpa.url);
  expect(stack.issuer.requestLog.find((entry) => entry.path === '/oauth2/auth')?.audience).toBe(
    OTHER_AUDIENCE,
  );
  expect((await tokenClaims(page))?.aud).toEqual([OTHER_AUDIENCE]);
  stack.clearLogs();

  const result = await listBooks(page);

  expect(result).toMatchObject({ ok: false, error: { status: 401 } });
  const calls = stack.bookCalls();
  expect(calls.length).toBeGreaterThanOrEqual(1);
  expect(calls.length).toBeLessThanOrEqual(2);
  for (const call of calls) {
    expect(call.status).toBe(401);
    expect(call.wwwAuthenticate).toContain(`error_description="The access token is not for this API`);
    expect(call.wwwAuthenticate).toContain(AUDIENCE);
  }
  // A renewal cannot fix an audience: at most one refresh, and the session is reported as unusable once.
  expect(stack.refreshGrants().length).toBeLessThanOrEqual(1);
  expect(await unauthenticatedEvents(page)).toEqual([expect.objectContaining({ reason: 'token-rejected' })]);
  await shows(page, 'error', 'The API answered 401');
});

it('a token with aud [] (API not enabled for the app in Kinde) is refused before sending', async () => {
  stack.issuer.setEnabledAudiences([]);
  await signIn(page, stack.spa.url);
  expect(stack.issuer.requestLog.find((entry) => entry.path === '/oauth2/auth')?.audience).toBe(AUDIENCE);
  expect((await tokenClaims(page))?.aud).toEqual([]);
  stack.clearLogs();

  const result = await listBooks(page);

  expect(result).toMatchObject({
    ok: false,
    error: { name: 'AudienceMismatchError', code: 'ERR_AUDIENCE_MISMATCH', expected: AUDIENCE, actual: [] },
  });
  // Nothing reached the API, and refreshing cannot fix a configuration problem.
  expect(stack.api.requestLog).toEqual([]);
  expect(stack.refreshGrants()).toEqual([]);
  expect(await unauthenticatedEvents(page)).toEqual([]);
  await shows(page, 'error', 'Token is for another API');
});
