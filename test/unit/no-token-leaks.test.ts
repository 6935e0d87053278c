import { inspect } from 'node:util';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { createApiClient } from '../../src/index.js';
import { json, rejecting, startServer, type TestServer } from './helpers/server.js';
import { AUDIENCE, fakeSource, makeJwt } from './helpers/tokens.js';

let server: TestServer;
beforeEach(async () => {
  server = await startServer();
});
afterEach(() => server.close());

/** Everything a developer might see of an error: message, stack, cause chain, own enumerable fields. */
function visibleText(error: unknown, depth = 0): string {
  if (!(error instanceof Error) || depth > 3) return String(error);
  const fields = Object.entries(error)
    .filter(([, value]) => typeof value === 'string' || Array.isArray(value))
    .map(([key, value]) => `${key}=${JSON.stringify(value)}`);
  // What console.log(error) prints, including the request and response objects errors carry.
  const inspected = depth === 0 ? inspect(error, { depth: 6, showHidden: false }) : '';
  return [error.message, error.stack ?? '', ...fields, inspected, visibleText(error.cause, depth + 1)].join(
    '\n',
  );
}

it('no token, header or JWT payload appears in any error message or log', async () => {
  const logged: unknown[] = [];
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args) => logged.push(args));
  }
  const secretClaim = 'secret-claim-value';
  const tokens: string[] = [];
  const mint = (claims: Record<string, unknown> = {}) => {
    const token = makeJwt({ email: secretClaim, ...claims });
    tokens.push(token);
    return token;
  };
  const errors: unknown[] = [];
  const attempt = async (run: () => Promise<unknown>) => {
    try {
      await run();
      throw new Error('expected the call to fail');
    } catch (error) {
      errors.push(error);
    }
  };

  // audience mismatch
  await attempt(() =>
    createApiClient({
      baseUrl: server.url,
      audience: AUDIENCE,
      auth: fakeSource(mint({ aud: ['other'] })),
    }).get('a'),
  );
  // refresh fails (rejects with an error that itself mentions nothing secret)
  const dead = fakeSource(mint());
  server.handle(rejecting(new Set([dead.current ?? undefined])));
  dead.refresh = async () => undefined;
  await attempt(() => createApiClient({ baseUrl: server.url, audience: AUDIENCE, auth: dead }).get('a'));
  // persistent 401
  const rejected = fakeSource(mint());
  const renewed = mint();
  rejected.refresh = async () => renewed;
  server.handle(rejecting(new Set([rejected.current ?? undefined, renewed])));
  await attempt(() => createApiClient({ baseUrl: server.url, audience: AUDIENCE, auth: rejected }).get('a'));
  // 403 insufficient scope
  server.handle((_r, res) =>
    json(res, 403, {}, { 'www-authenticate': 'Bearer error="insufficient_scope", scope="x"' }),
  );
  await attempt(() =>
    createApiClient({ baseUrl: server.url, audience: AUDIENCE, auth: fakeSource(mint()) }).get('a'),
  );
  // foreign origin
  await attempt(() =>
    createApiClient({ baseUrl: server.url, audience: AUDIENCE, auth: fakeSource(mint()) }).get(
      'https://evil.test/',
    ),
  );

  expect(errors).toHaveLength(5);
  const text = errors.map((e) => visibleText(e)).join('\n');
  const payloads = tokens.map((t) => t.split('.')[1] ?? '');
  for (const secret of [...tokens, ...payloads, secretClaim, 'Bearer ey']) {
    expect(text).not.toContain(secret);
  }
  expect(logged).toEqual([]);
  vi.restoreAllMocks();
});
