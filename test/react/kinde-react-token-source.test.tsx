import { type KindeContextProps, useKindeAuth } from '@kinde-oss/kinde-auth-react';
import { renderHook, waitFor } from '@testing-library/react';
import { type ReactNode, useState } from 'react';
import { afterEach, beforeEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { createApiClient, isNotAuthenticatedError } from '../../src/index.js';
import {
  ApiClientProvider,
  type KindeReactAuth,
  useApi,
  useKindeReactTokenSource,
} from '../../src/react/index.js';
import { AUDIENCE, makeJwt } from './helpers/auth.js';
import { json, startServer, type TestServer } from './helpers/server.js';

// The boundary fake: kinde-auth-react's hook, backed by a token "storage" the test controls.
const kinde = vi.hoisted(() => ({
  stored: undefined as string | undefined,
  refreshResult: undefined as { success: boolean; error?: string; accessToken?: string } | undefined,
  refreshCalls: [] as unknown[],
}));
vi.mock('@kinde-oss/kinde-auth-react', () => ({
  // Like the real hook: a new object on every state change (here: every render).
  useKindeAuth: () => ({
    isAuthenticated: true,
    isLoading: false,
    getAccessToken: async () => kinde.stored,
    refreshToken: async (params: unknown) => {
      kinde.refreshCalls.push(params);
      const result = kinde.refreshResult ?? { success: true, accessToken: makeJwt() };
      if (result.accessToken) kinde.stored = result.accessToken;
      return result;
    },
  }),
}));

const DOMAIN = 'https://myapp.kinde.com';
const CLIENT_ID = 'spa-client';
let server: TestServer;

beforeEach(async () => {
  server = await startServer(json({ ok: true }));
  kinde.stored = undefined;
  kinde.refreshResult = undefined;
  kinde.refreshCalls = [];
});
afterEach(() => server.close());

/** What a kinde-auth-react app writes: the source from useKindeAuth(), the client created once. */
function ApiRoot({ children }: { children: ReactNode }) {
  const auth = useKindeReactTokenSource(useKindeAuth(), { domain: DOMAIN, clientId: CLIENT_ID });
  const [api] = useState(() => createApiClient({ baseUrl: server.url, audience: AUDIENCE, auth }));
  return <ApiClientProvider client={api}>{children}</ApiClientProvider>;
}

describe('useKindeReactTokenSource', () => {
  it("accepts useKindeAuth()'s result as it is typed", () => {
    expectTypeOf<KindeContextProps>().toExtend<KindeReactAuth>();
  });

  it('returns the same source on every render, though useKindeAuth() returns new objects', () => {
    const { result, rerender } = renderHook(() =>
      useKindeReactTokenSource(useKindeAuth(), { domain: DOMAIN, clientId: CLIENT_ID }),
    );
    const first = result.current;
    rerender();
    rerender();
    expect(result.current).toBe(first);
  });

  it('sends the stored token when it is still valid, without refreshing', async () => {
    const valid = makeJwt();
    kinde.stored = valid;
    const { result } = renderHook(
      () => useApi(['books'], (api, { signal }) => api.get('books', { signal }).json()),
      {
        wrapper: ApiRoot,
      },
    );
    await waitFor(() => expect(result.current.data).toEqual({ ok: true }));
    expect(server.tokens()).toEqual([valid]);
    expect(kinde.refreshCalls).toEqual([]);
  });

  it('renews an expired stored token with refreshToken({ domain, clientId }) before sending', async () => {
    const expired = makeJwt({ exp: Math.floor(Date.now() / 1000) - 60 });
    const renewed = makeJwt();
    kinde.stored = expired;
    kinde.refreshResult = { success: true, accessToken: renewed };
    const { result } = renderHook(
      () => useApi(['books'], (api, { signal }) => api.get('books', { signal }).json()),
      {
        wrapper: ApiRoot,
      },
    );
    await waitFor(() => expect(result.current.data).toEqual({ ok: true }));
    expect(kinde.refreshCalls).toEqual([{ domain: DOMAIN, clientId: CLIENT_ID }]);
    expect(server.tokens()).toEqual([renewed]);
  });

  it('a refused renewal is a NotAuthenticatedError and sends nothing', async () => {
    kinde.stored = makeJwt({ exp: Math.floor(Date.now() / 1000) - 60 });
    kinde.refreshResult = { success: false, error: 'invalid_grant' };
    const { result } = renderHook(
      () => useApi(['books'], (api, { signal }) => api.get('books', { signal }).json()),
      {
        wrapper: ApiRoot,
      },
    );
    await waitFor(() => expect(result.current.isLoading).toBe(false));
    expect(isNotAuthenticatedError(result.current.error)).toBe(true);
    expect(result.current.error).toMatchObject({ reason: 'refresh-failed' });
    expect(String((result.current.error as Error).cause)).toContain('invalid_grant');
    expect(server.received).toEqual([]);
  });

  it('a 401 for a valid-looking token renews once and retries with the new token', async () => {
    const revoked = makeJwt();
    const renewed = makeJwt();
    kinde.stored = revoked;
    kinde.refreshResult = { success: true, accessToken: renewed };
    server.handle((request, res) => {
      if (request.authorization === `Bearer ${revoked}`) {
        res.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"' }).end();
        return;
      }
      json({ ok: true })(request, res);
    });
    const { result } = renderHook(
      () => useApi(['books'], (api, { signal }) => api.get('books', { signal }).json()),
      {
        wrapper: ApiRoot,
      },
    );
    await waitFor(() => expect(result.current.data).toEqual({ ok: true }));
    expect(server.tokens()).toEqual([revoked, renewed]);
    expect(kinde.refreshCalls).toHaveLength(1);
  });
});
