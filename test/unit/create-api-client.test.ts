import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AudienceMismatchError,
  ConfigurationError,
  createApiClient,
  ForeignOriginError,
  isAudienceMismatchError,
  isNotAuthenticatedError,
  NotAuthenticatedError,
} from '../../src/index.js';
import { startServer, type TestServer } from './helpers/server.js';
import { AUDIENCE, fakeSource, makeJwt } from './helpers/tokens.js';

let server: TestServer;
beforeEach(async () => {
  server = await startServer();
});
afterEach(() => server.close());

describe('every request carries the token', () => {
  it('sends Authorization: Bearer <token from the source> for each method', async () => {
    const auth = fakeSource();
    const api = createApiClient({ baseUrl: server.url, audience: AUDIENCE, auth });
    await api.get('books').json();
    await api.post('books', { json: { title: 'Dune' } }).json();
    await api.put('books/1', { json: {} }).json();
    await api.patch('books/1', { json: {} }).json();
    await api.delete('books/1').json();
    await api.head('books');
    expect(server.received.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /books',
      'POST /books',
      'PUT /books/1',
      'PATCH /books/1',
      'DELETE /books/1',
      'HEAD /books',
    ]);
    expect(new Set(server.received.map((r) => r.authorization))).toEqual(new Set([`Bearer ${auth.current}`]));
  });

  it('asks the source on every call, so a token renewed elsewhere is picked up', async () => {
    const auth = fakeSource();
    const api = createApiClient({ baseUrl: server.url, audience: AUDIENCE, auth });
    await api.get('a');
    const renewed = makeJwt();
    auth.current = renewed;
    await api.get('b');
    expect(server.tokens()).toEqual([expect.any(String), renewed]);
    expect(server.tokens()[0]).not.toBe(renewed);
  });

  it('resolves paths against baseUrl, including a base path', async () => {
    const api = createApiClient({ baseUrl: `${server.url}v1/`, audience: AUDIENCE, auth: fakeSource() });
    await api.get('books', { searchParams: { page: 2 } });
    expect(server.received[0]?.path).toBe('/v1/books?page=2');
  });

  it('passes per-call ky options through (headers, throwHttpErrors)', async () => {
    server.handle((_r, res) => {
      res.writeHead(404).end();
    });
    const api = createApiClient({ baseUrl: server.url, audience: AUDIENCE, auth: fakeSource() });
    const response = await api.get('missing', { headers: { 'x-trace': '1' }, throwHttpErrors: false });
    expect(response.status).toBe(404);
  });
});

describe('signed out', () => {
  it('rejects with NotAuthenticatedError and sends nothing', async () => {
    for (const missing of [undefined, null, '']) {
      const auth = fakeSource();
      auth.getAccessToken = async () => missing as string | undefined;
      const api = createApiClient({ baseUrl: server.url, audience: AUDIENCE, auth });
      const error = await api.get('books').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NotAuthenticatedError);
      expect(isNotAuthenticatedError(error)).toBe(true);
      expect(error).toMatchObject({
        name: 'NotAuthenticatedError',
        code: 'ERR_NOT_AUTHENTICATED',
        reason: 'signed-out',
      });
    }
    expect(server.received).toHaveLength(0);
  });

  it('does not call onUnauthenticated when nobody was signed in', async () => {
    const auth = fakeSource(null);
    const calls: unknown[] = [];
    const api = createApiClient({
      baseUrl: server.url,
      audience: AUDIENCE,
      auth,
      onUnauthenticated: (e) => calls.push(e),
    });
    await expect(api.get('books')).rejects.toBeInstanceOf(NotAuthenticatedError);
    expect(calls).toEqual([]);
  });

  it('wraps a throwing token source as NotAuthenticatedError with the cause attached', async () => {
    const auth = fakeSource();
    const cause = new Error('storage unavailable');
    auth.getAccessToken = async () => {
      throw cause;
    };
    const api = createApiClient({ baseUrl: server.url, audience: AUDIENCE, auth });
    await expect(api.get('books')).rejects.toMatchObject({ name: 'NotAuthenticatedError', cause });
    expect(server.received).toHaveLength(0);
  });
});

describe('audience check before sending', () => {
  it.each([
    ['an empty aud', [], 'no audience at all (aud: [])'],
    ['another API', ['https://other.api'], 'aud ["https://other.api"]'],
    ['a string aud for another API', 'https://other.api', 'aud ["https://other.api"]'],
  ])('refuses a token with %s, naming expected, actual and the fix', async (_label, aud, had) => {
    const token = makeJwt({ aud });
    const api = createApiClient({ baseUrl: server.url, audience: AUDIENCE, auth: fakeSource(token) });
    const error = await api.get('books').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AudienceMismatchError);
    expect(isAudienceMismatchError(error)).toBe(true);
    const { message } = error as AudienceMismatchError;
    expect(message).toContain(`audience "${AUDIENCE}"`);
    expect(message).toContain(had);
    expect(message).toContain('pass { audience:');
    expect(message).toContain('register an API');
    expect(message).not.toContain(token);
    expect(error).toMatchObject({ code: 'ERR_AUDIENCE_MISMATCH', expected: AUDIENCE });
    expect(server.received).toHaveLength(0);
  });

  it('accepts a token whose aud list includes the audience among others', async () => {
    const token = makeJwt({ aud: ['https://other.api', AUDIENCE] });
    const api = createApiClient({ baseUrl: server.url, audience: AUDIENCE, auth: fakeSource(token) });
    await api.get('books');
    expect(server.tokens()).toEqual([token]);
  });

  it('sends opaque (non-JWT) tokens without a check: only the API can judge them', async () => {
    const api = createApiClient({
      baseUrl: server.url,
      audience: AUDIENCE,
      auth: fakeSource('opaque-token-123'),
    });
    await api.get('books');
    expect(server.tokens()).toEqual(['opaque-token-123']);
  });
});

describe('expired tokens', () => {
  it('renews an already expired token before sending, so a stale source still works', async () => {
    const stale = makeJwt({ exp: Math.floor(Date.now() / 1000) - 60 });
    const auth = fakeSource(stale);
    const api = createApiClient({ baseUrl: server.url, audience: AUDIENCE, auth });
    await api.get('books');
    expect(auth.refreshes).toBe(1);
    expect(server.tokens()).toEqual([auth.current]);
    expect(server.tokens()).not.toContain(stale);
  });

  it('treats a token within the leeway as expired', async () => {
    const nearlyExpired = makeJwt({ exp: Math.floor(Date.now() / 1000) + 5 });
    const auth = fakeSource(nearlyExpired);
    const api = createApiClient({ baseUrl: server.url, audience: AUDIENCE, auth });
    await api.get('books');
    expect(auth.refreshes).toBe(1);
    expect(server.tokens()).not.toContain(nearlyExpired);
  });

  it('sends a token well before expiry without renewing', async () => {
    const auth = fakeSource(makeJwt({ exp: Math.floor(Date.now() / 1000) + 120 }));
    const api = createApiClient({ baseUrl: server.url, audience: AUDIENCE, auth });
    await api.get('books');
    expect(auth.refreshes).toBe(0);
  });

  it('shares one renewal among concurrent requests holding the same expired token', async () => {
    const auth = fakeSource(makeJwt({ exp: 1 }));
    const api = createApiClient({ baseUrl: server.url, audience: AUDIENCE, auth });
    await Promise.all(Array.from({ length: 10 }, () => api.get('books')));
    expect(auth.refreshes).toBe(1);
    expect(new Set(server.tokens())).toEqual(new Set([auth.current]));
  });

  it('still sends the renewed token when the local clock says it is expired too (the API decides)', async () => {
    const auth = fakeSource(makeJwt({ exp: 1 }));
    const alsoOld = makeJwt({ exp: 2 });
    auth.refresh = async () => alsoOld;
    const api = createApiClient({ baseUrl: server.url, audience: AUDIENCE, auth });
    await api.get('books');
    expect(server.tokens()).toEqual([alsoOld]);
  });
});

describe('the token never leaves the baseUrl origin', () => {
  let other: TestServer;
  beforeEach(async () => {
    other = await startServer();
  });
  afterEach(() => other.close());

  it.each([
    ['an absolute URL', () => `${other.url}steal`],
    ['a protocol-relative URL', () => `//${new URL(other.url).host}/steal`],
    ['a URL object', () => new URL('steal', other.url)],
    ['a Request', () => new Request(`${other.url}steal`)],
  ])(
    'refuses %s to another origin with ForeignOriginError; nothing is sent anywhere',
    async (_label, input) => {
      const auth = fakeSource();
      const api = createApiClient({ baseUrl: server.url, audience: AUDIENCE, auth });
      const error = await api.get(input()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ForeignOriginError);
      expect(error).toMatchObject({ origin: other.origin, allowedOrigin: server.origin });
      expect(other.received).toHaveLength(0);
      expect(server.received).toHaveLength(0);
      expect(auth.gets).toBe(0);
    },
  );

  it('treats another port on the same host as another origin', async () => {
    const api = createApiClient({ baseUrl: server.url, audience: AUDIENCE, auth: fakeSource() });
    await expect(api.get(other.url)).rejects.toBeInstanceOf(ForeignOriginError);
  });

  it('allows absolute URLs on the same origin (e.g. pagination links)', async () => {
    const api = createApiClient({ baseUrl: `${server.url}v1/`, audience: AUDIENCE, auth: fakeSource() });
    await api.get(`${server.url}v2/books`);
    expect(server.received[0]?.path).toBe('/v2/books');
  });

  it('refuses a per-call Authorization header instead of silently replacing it', async () => {
    const api = createApiClient({ baseUrl: server.url, audience: AUDIENCE, auth: fakeSource() });
    await expect(api.get('books', { headers: { Authorization: 'Basic abc' } })).rejects.toBeInstanceOf(
      ConfigurationError,
    );
    expect(server.received).toHaveLength(0);
  });

  it('refuses to let extend(), a nested extend() or a call replace the fetch that carries the auth layer', () => {
    const api = createApiClient({ baseUrl: server.url, audience: AUDIENCE, auth: fakeSource() });
    const replace = { fetch: globalThis.fetch };
    expect(() => api.extend(replace)).toThrow(ConfigurationError);
    expect(() => api.extend(() => replace)).toThrow(/Do not replace `fetch`/);
    expect(() => api.extend({ timeout: 1000 }).extend(replace)).toThrow(/Do not replace `fetch`/);
    expect(() => api.get('books', replace)).toThrow(/Do not replace `fetch`/);
    expect(() => api('books', { method: 'post', ...replace })).toThrow(/Do not replace `fetch`/);
    expect(() => api.create({})).toThrow(/without the auth layer/);
    expect(server.received).toHaveLength(0);
  });

  it('keeps ky’s stop and retry markers on the client', () => {
    const api = createApiClient({ baseUrl: server.url, audience: AUDIENCE, auth: fakeSource() });
    expect(api.stop).toBeDefined();
    expect(typeof api.retry).toBe('function');
  });

  it('keeps the auth layer in extended clients, including the function form and the callable form', async () => {
    const auth = fakeSource();
    const api = createApiClient({ baseUrl: server.url, audience: AUDIENCE, auth });
    await api.extend({ headers: { 'x-extra': '1' } }).get('books');
    await api.extend((parent) => ({ ...parent, timeout: 5000 })).post('books');
    await api('books', { method: 'put' });
    expect(server.tokens()).toEqual([auth.current, auth.current, auth.current]);
    expect(server.received.map((r) => r.method)).toEqual(['GET', 'POST', 'PUT']);
  });

  it('uses a custom fetch given to createApiClient, below the auth layer', async () => {
    const seen: string[] = [];
    const api = createApiClient({
      baseUrl: server.url,
      audience: AUDIENCE,
      auth: fakeSource(),
      fetch: (input, init) => {
        seen.push(new Request(input).headers.get('authorization') ?? 'none');
        return globalThis.fetch(input, init);
      },
    });
    await api.get('books');
    expect(seen).toEqual([expect.stringMatching(/^Bearer /)]);
  });
});

describe('configuration errors at construction', () => {
  const auth = fakeSource();
  const good = { baseUrl: 'https://api.myapp.com/', audience: AUDIENCE, auth };

  it.each([
    ['no options', undefined, /needs an options object/],
    ['missing baseUrl', { ...good, baseUrl: undefined }, /`baseUrl` is required/],
    ['relative baseUrl', { ...good, baseUrl: '/api' }, /must be an absolute URL.*"\/api"/],
    ['non-http baseUrl', { ...good, baseUrl: 'ftp://api.myapp.com' }, /must use https:.*"ftp:"/],
    [
      'credentials in baseUrl',
      { ...good, baseUrl: 'https://u:p@api.myapp.com' },
      /must not contain credentials/,
    ],
    [
      'plain http to a remote host',
      { ...good, baseUrl: 'http://api.myapp.com' },
      /refusing plain http:\/\/ for api\.myapp\.com.*allowInsecureHttp/,
    ],
    ['missing audience', { ...good, audience: undefined }, /`audience` is required.*Settings → APIs/],
    ['empty audience', { ...good, audience: '  ' }, /`audience` is required/],
    ['a space-separated audience list', { ...good, audience: 'a b' }, /single API audience/],
    ['missing auth', { ...good, auth: undefined }, /`auth` is required.*createKindeAuth/],
    [
      'auth without refreshAccessToken',
      { ...good, auth: { getAccessToken: async (): Promise<string> => 'x' } },
      /refreshAccessToken/,
    ],
    ['a non-function onUnauthenticated', { ...good, onUnauthenticated: 'login' }, /must be a function/],
    ['a negative leeway', { ...good, expiryLeewaySeconds: -1 }, /expiryLeewaySeconds/],
    [
      'an Authorization header',
      { ...good, headers: { authorization: 'Bearer x' } },
      /do not set an Authorization header/,
    ],
    [
      '401 among retry status codes',
      { ...good, retry: { statusCodes: [401, 503] } },
      /remove 401 from `retry.statusCodes`/,
    ],
  ])('throws ConfigurationError for %s', (_label, options, message) => {
    const create = () => createApiClient(options as never);
    expect(create).toThrow(ConfigurationError);
    expect(create).toThrow(message);
  });

  it.each(['http://localhost:3000/', 'http://127.0.0.1:8080', 'http://[::1]:8080/', 'http://api.localhost/'])(
    'accepts plain http on loopback: %s',
    (baseUrl) => {
      expect(() => createApiClient({ ...good, baseUrl })).not.toThrow();
    },
  );

  it('accepts plain http to a remote host with allowInsecureHttp', () => {
    expect(() =>
      createApiClient({ ...good, baseUrl: 'http://api.internal', allowInsecureHttp: true }),
    ).not.toThrow();
  });

  it('accepts a URL object as baseUrl', () => {
    expect(() => createApiClient({ ...good, baseUrl: new URL('https://api.myapp.com') })).not.toThrow();
  });
});

describe('a promised token source', () => {
  it('lets the client be created before the source exists; calls wait for it', async () => {
    const auth = fakeSource();
    let resolve!: (source: typeof auth) => void;
    const pending = new Promise<typeof auth>((r) => {
      resolve = r;
    });
    const api = createApiClient({ baseUrl: server.url, audience: AUDIENCE, auth: pending });
    const call = api.get('books').json();
    await Promise.resolve();
    expect(server.received).toHaveLength(0);
    resolve(auth);
    await call;
    expect(server.tokens()).toEqual([auth.current]);
  });

  it('rejects calls with the promise’s own error when the source fails to start', async () => {
    const failure = new ConfigurationError('createKindeAuth: `clientId` is required');
    const pending = Promise.reject(failure);
    pending.catch(() => {});
    const api = createApiClient({ baseUrl: server.url, audience: AUDIENCE, auth: pending });
    await expect(api.get('books')).rejects.toBe(failure);
    expect(server.received).toHaveLength(0);
  });

  it('checks the resolved value is a TokenSource', async () => {
    const api = createApiClient({
      baseUrl: server.url,
      audience: AUDIENCE,
      auth: Promise.resolve({} as never),
    });
    await expect(api.get('books')).rejects.toThrow(/must have getAccessToken\(\) and refreshAccessToken\(\)/);
  });
});
