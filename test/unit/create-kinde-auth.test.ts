// @vitest-environment jsdom
// @vitest-environment-options {"url": "https://shop.myapp.com/"}
import type { KindeClient } from '@kinde-oss/kinde-auth-pkce-js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ConfigurationError,
  createApiClient,
  createKindeAuth,
  NotAuthenticatedError,
} from '../../src/index.js';
import { installFakeLocks } from './helpers/fake-locks.js';
import { rejecting, startServer, type TestServer } from './helpers/server.js';
import { AUDIENCE, makeJwt } from './helpers/tokens.js';

// A fake pkce-js module: the boundary this package talks to. The real one runs in Chromium in test/e2e.
const pkce = vi.hoisted(() => ({
  createKindeClient: vi.fn(),
  refreshToken: vi.fn(),
}));
vi.mock('@kinde-oss/kinde-auth-pkce-js', async (importOriginal) => {
  const real = await importOriginal<typeof import('@kinde-oss/kinde-auth-pkce-js')>();
  return {
    default: pkce.createKindeClient,
    refreshToken: pkce.refreshToken,
    isCustomDomain: real.isCustomDomain,
    RefreshType: real.RefreshType,
  };
});

let token: string | undefined;
let signedIn: boolean;
function fakeClient(): KindeClient {
  return {
    getAccessToken: vi.fn(async () => token),
    isAuthenticated: vi.fn(async () => signedIn),
    getUser: vi.fn(() => (signedIn ? { id: 'kp_1', email: 'a@b.c' } : { id: undefined })),
    login: vi.fn(async () => {}),
    register: vi.fn(async () => {}),
    logout: vi.fn(async () => {}),
  } as unknown as KindeClient;
}

const options = {
  domain: 'https://myapp.kinde.com',
  clientId: 'client-123',
  redirectUri: 'https://shop.myapp.com/',
  audience: AUDIENCE,
};

beforeEach(() => {
  token = makeJwt();
  signedIn = true;
  pkce.createKindeClient.mockReset().mockImplementation(async () => fakeClient());
  pkce.refreshToken.mockReset();
});

describe('createKindeAuth', () => {
  it('creates the pkce-js client with the audience and mapped options, passing others through', async () => {
    const onRedirect = () => {};
    await createKindeAuth({
      ...options,
      logoutUri: 'https://shop.myapp.com/bye',
      on_redirect_callback: onRedirect,
    });
    expect(pkce.createKindeClient).toHaveBeenCalledWith({
      domain: options.domain,
      client_id: 'client-123',
      redirect_uri: 'https://shop.myapp.com/',
      audience: AUDIENCE,
      logout_uri: 'https://shop.myapp.com/bye',
      on_redirect_callback: onRedirect,
    });
  });

  it('sends several APIs as one space-separated audience list', async () => {
    await createKindeAuth({ ...options, audience: ['https://a.api', 'https://b.api'] });
    expect(pkce.createKindeClient.mock.calls[0]?.[0]).toMatchObject({
      audience: 'https://a.api https://b.api',
    });
  });

  it('refreshes with the re-exported refreshToken, then reads the new token back from the client', async () => {
    const auth = await createKindeAuth(options);
    const fresh = makeJwt();
    pkce.refreshToken.mockImplementation(async () => {
      token = fresh;
      return { success: true };
    });
    await expect(auth.refreshAccessToken()).resolves.toBe(fresh);
    // a *.kinde.com domain keeps the refresh token in localStorage: RefreshType.refreshToken (0)
    expect(pkce.refreshToken).toHaveBeenCalledWith({
      domain: options.domain,
      clientId: 'client-123',
      refreshType: 0,
    });
  });

  it('uses cookie refresh on a custom domain in production', async () => {
    const auth = await createKindeAuth({ ...options, domain: 'https://auth.myapp.com' });
    pkce.refreshToken.mockResolvedValue({ success: true });
    await auth.refreshAccessToken();
    expect(pkce.refreshToken).toHaveBeenCalledWith(expect.objectContaining({ refreshType: 1 }));
  });

  it('uses refresh-token mode on a custom domain when local storage is forced', async () => {
    const auth = await createKindeAuth({
      ...options,
      domain: 'https://auth.myapp.com',
      useLocalStorage: true,
    });
    pkce.refreshToken.mockResolvedValue({ success: true });
    await auth.refreshAccessToken();
    expect(pkce.refreshToken).toHaveBeenCalledWith(expect.objectContaining({ refreshType: 0 }));
    expect(pkce.createKindeClient.mock.calls[0]?.[0]).toMatchObject({
      is_dangerously_use_local_storage: true,
    });
  });

  it('queued behind another tab’s renewal, it waits for pkce-js to share that token instead of refreshing', async () => {
    const uninstall = installFakeLocks();
    try {
      const auth = await createKindeAuth(options);
      await auth.getAccessToken();
      const renewed = makeJwt();
      // Another tab holds the renewal lock; its refresh lands in this tab through pkce-js's broadcast.
      const otherTab = navigator.locks.request('kinde-api-client:renew', async () => {
        await new Promise((resolve) => setTimeout(resolve, 50));
      });
      await new Promise((resolve) => setTimeout(resolve, 5));
      const renewal = auth.refreshAccessToken();
      await otherTab;
      setTimeout(() => {
        token = renewed;
      }, 30);
      await expect(renewal).resolves.toBe(renewed);
      expect(pkce.refreshToken).not.toHaveBeenCalled();
    } finally {
      uninstall();
    }
  });

  it('takes a token that reaches this tab while pkce-js still waits for a broadcast it missed', async () => {
    const auth = await createKindeAuth(options);
    await auth.getAccessToken();
    const renewed = makeJwt();
    pkce.refreshToken.mockImplementation(() => new Promise(() => {})); // pkce-js's 10 s broadcast wait
    setTimeout(() => {
      token = renewed;
    }, 60);
    await expect(auth.refreshAccessToken()).resolves.toBe(renewed);
  });

  it('turns a failed refresh into a rejection and an unauthenticated state', async () => {
    const auth = await createKindeAuth(options);
    pkce.refreshToken.mockResolvedValue({ success: false, error: 'invalid_grant' });
    await expect(auth.refreshAccessToken()).rejects.toThrow(/invalid_grant/);
    expect(auth.getSnapshot().status).toBe('unauthenticated');
  });

  it('exposes the auth state as a store for useSyncExternalStore', async () => {
    const auth = await createKindeAuth(options);
    const snapshot = auth.getSnapshot();
    expect(snapshot).toMatchObject({ status: 'authenticated', user: { id: 'kp_1' } });
    expect(auth.getSnapshot()).toBe(snapshot);
    const changes: string[] = [];
    const unsubscribe = auth.subscribe(() => changes.push(auth.getSnapshot().status));
    await auth.logout();
    unsubscribe();
    expect(changes).toEqual(['unauthenticated']);
    expect(auth.client.logout).toHaveBeenCalled();
  });

  it('starts unauthenticated when there is no session', async () => {
    signedIn = false;
    const auth = await createKindeAuth(options);
    expect(auth.getSnapshot()).toEqual({ status: 'unauthenticated' });
    expect(auth.getUser()).toBeUndefined();
  });

  it.each([
    ['missing domain', { ...options, domain: undefined }, /`domain` must be an absolute http\(s\) URL/],
    ['bare domain', { ...options, domain: 'myapp.kinde.com' }, /`domain` must be an absolute/],
    ['missing clientId', { ...options, clientId: '' }, /`clientId` is required/],
    ['relative redirectUri', { ...options, redirectUri: '/callback' }, /`redirectUri` must be an absolute/],
    ['missing audience', { ...options, audience: undefined }, /`audience` is required.*aud is empty/],
    ['empty audience list', { ...options, audience: [] }, /`audience` is required/],
  ])('throws ConfigurationError for %s, before touching pkce-js', async (_label, bad, message) => {
    await expect(createKindeAuth(bad as never)).rejects.toThrow(ConfigurationError);
    await expect(createKindeAuth(bad as never)).rejects.toThrow(message);
    expect(pkce.createKindeClient).not.toHaveBeenCalled();
  });
});

describe('createKindeAuth as the client’s token source', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startServer();
  });
  afterEach(() => server.close());

  it('a 401 triggers pkce refreshToken once and the retry carries the token read back from the client', async () => {
    const auth = await createKindeAuth(options);
    const first = token;
    server.handle(rejecting(new Set([first])));
    const fresh = makeJwt();
    pkce.refreshToken.mockImplementation(async () => {
      token = fresh;
      return { success: true };
    });
    const api = createApiClient({ baseUrl: server.url, audience: AUDIENCE, auth });
    await api.get('books');
    expect(server.tokens()).toEqual([first, fresh]);
    expect(pkce.refreshToken).toHaveBeenCalledTimes(1);
  });

  it('a dead session rejects with NotAuthenticatedError carrying Kinde’s error as cause', async () => {
    const auth = await createKindeAuth(options);
    server.handle(rejecting(new Set([token])));
    pkce.refreshToken.mockResolvedValue({ success: false, error: 'invalid_grant' });
    const api = createApiClient({ baseUrl: server.url, audience: AUDIENCE, auth });
    const error = await api.get('books').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotAuthenticatedError);
    expect((error as Error).cause).toMatchObject({ message: expect.stringContaining('invalid_grant') });
  });

  it('after a failed refresh the cached dead token is not sent again: calls fail as signed out', async () => {
    const auth = await createKindeAuth(options);
    server.handle(rejecting(new Set([token])));
    pkce.refreshToken.mockResolvedValue({ success: false, error: 'invalid_grant' });
    const api = createApiClient({ baseUrl: server.url, audience: AUDIENCE, auth });
    await expect(api.get('books')).rejects.toMatchObject({ reason: 'refresh-failed' });
    await expect(api.get('books')).rejects.toMatchObject({ reason: 'signed-out' });
    expect(server.received).toHaveLength(1);
    expect(pkce.refreshToken).toHaveBeenCalledTimes(1);
    expect(auth.getSnapshot().status).toBe('unauthenticated');
    expect(await auth.isAuthenticated()).toBe(false); // pkce-js alone would still say true
    // pkce-js obtains a new token (e.g. after signing in again): it is used
    token = makeJwt();
    expect(await auth.isAuthenticated()).toBe(true);
    await api.get('books');
    expect(server.tokens()).toEqual([expect.any(String), token]);
  });
});
