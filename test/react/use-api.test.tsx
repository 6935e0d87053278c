import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import {
  type ApiClient,
  createApiClient,
  isInsufficientScopeError,
  isNotAuthenticatedError,
  type KindeAuth,
  type TokenSource,
} from '../../src/index.js';
import { ApiClientProvider, KindeAuthProvider, useApi } from '../../src/react/index.js';
import { AUDIENCE, fakeKindeAuth, fakeSource } from './helpers/auth.js';
import { hang, insufficientScope, json, startServer, type TestServer } from './helpers/server.js';

let server: TestServer;

beforeEach(async () => {
  server = await startServer(json([{ id: 1, title: 'Dune' }]));
});
afterEach(() => server.close());

function clientFor(auth: TokenSource): ApiClient {
  return createApiClient({ baseUrl: server.url, audience: AUDIENCE, auth });
}

function withClient(api: ApiClient, auth?: KindeAuth) {
  return ({ children }: { children: ReactNode }) => {
    const tree = <ApiClientProvider client={api}>{children}</ApiClientProvider>;
    return auth ? <KindeAuthProvider auth={auth}>{tree}</KindeAuthProvider> : tree;
  };
}

const getBooks = (api: ApiClient, { signal }: { signal: AbortSignal }) =>
  api.get('books', { signal }).json<{ id: number; title: string }[]>();

describe('useApi', () => {
  it("infers data from the fetcher's result", () => {
    const { result } = renderHook(() => useApi(['books'], getBooks), {
      wrapper: withClient(clientFor(fakeSource())),
    });
    expectTypeOf(result.current.data).toEqualTypeOf<{ id: number; title: string }[] | undefined>();
    expectTypeOf(result.current.error).toBeUnknown();
  });

  it('is loading, then has the data the API sent', async () => {
    const { result } = renderHook(() => useApi(['books'], getBooks), {
      wrapper: withClient(clientFor(fakeSource())),
    });
    expect(result.current).toMatchObject({ isLoading: true, data: undefined, error: undefined });
    await waitFor(() => expect(result.current.isLoading).toBe(false));
    expect(result.current.data).toEqual([{ id: 1, title: 'Dune' }]);
    expect(server.received.map((r) => r.path)).toEqual(['/books']);
  });

  it('signed out: the error is a NotAuthenticatedError and nothing reaches the API', async () => {
    const { result } = renderHook(() => useApi(['books'], getBooks), {
      wrapper: withClient(clientFor(fakeSource(null))),
    });
    await waitFor(() => expect(result.current.isLoading).toBe(false));
    expect(isNotAuthenticatedError(result.current.error)).toBe(true);
    expect(result.current.data).toBeUndefined();
    expect(server.received).toEqual([]);
  });

  it('a 403 insufficient_scope is an InsufficientScopeError naming the missing scope', async () => {
    server.handle(insufficientScope);
    const { result } = renderHook(
      () => useApi(['new-book'], (api, { signal }) => api.post('books', { json: {}, signal }).json()),
      { wrapper: withClient(clientFor(fakeSource())) },
    );
    await waitFor(() => expect(result.current.isLoading).toBe(false));
    expect(isInsufficientScopeError(result.current.error)).toBe(true);
    expect(result.current.error).toMatchObject({ scope: ['create:books'] });
    expect(server.received).toHaveLength(1);
  });

  it('unmounting aborts the request: the server sees the connection go away', async () => {
    server.handle(hang);
    const { unmount } = renderHook(() => useApi(['books'], getBooks), {
      wrapper: withClient(clientFor(fakeSource())),
    });
    const [request] = await server.waitForRequests(1);
    unmount();
    await request?.aborted;
  });

  it('a new key aborts the previous request and loads the new one', async () => {
    server.handle((request, res) => {
      if (request.path === '/books/1') return; // hangs until aborted
      json({ id: 2 })(request, res);
    });
    const { result, rerender } = renderHook(
      ({ id }) => useApi(['book', id], (api, { signal }) => api.get(`books/${id}`, { signal }).json()),
      { wrapper: withClient(clientFor(fakeSource())), initialProps: { id: 1 } },
    );
    const [first] = await server.waitForRequests(1);
    rerender({ id: 2 });
    await first?.aborted;
    await waitFor(() => expect(result.current.data).toEqual({ id: 2 }));
    expect(server.received.map((r) => r.path)).toEqual(['/books/1', '/books/2']);
  });

  it('an inline key and fetcher do not refetch on re-render', async () => {
    const { result, rerender } = renderHook(() => useApi(['books', { page: 1 }], getBooks), {
      wrapper: withClient(clientFor(fakeSource())),
    });
    await waitFor(() => expect(result.current.isLoading).toBe(false));
    rerender();
    rerender();
    expect(server.received).toHaveLength(1);
  });

  it('refetch runs the request again and keeps the data meanwhile', async () => {
    const { result } = renderHook(() => useApi(['books'], getBooks), {
      wrapper: withClient(clientFor(fakeSource())),
    });
    await waitFor(() => expect(result.current.isLoading).toBe(false));
    server.handle(
      json([
        { id: 1, title: 'Dune' },
        { id: 2, title: 'Emma' },
      ]),
    );
    act(() => result.current.refetch());
    expect(result.current.isLoading).toBe(true);
    expect(result.current.data).toHaveLength(1);
    await waitFor(() => expect(result.current.data).toHaveLength(2));
    expect(server.received).toHaveLength(2);
  });

  it('sends nothing while the auth is loading, and runs once signed in', async () => {
    const kinde = fakeKindeAuth();
    const fetcher = vi.fn(getBooks);
    const { result } = renderHook(() => useApi(['books'], fetcher), {
      wrapper: withClient(clientFor(kinde.auth), kinde.auth),
    });
    // Effects have run (renderHook wraps act): a request would have started by now.
    expect(fetcher).not.toHaveBeenCalled();
    expect(result.current.isLoading).toBe(true);

    act(() => kinde.signIn());
    await waitFor(() => expect(result.current.data).toEqual([{ id: 1, title: 'Dune' }]));
    expect(server.received).toHaveLength(1);
  });

  it('sends nothing while signed out, and is not loading', async () => {
    const kinde = fakeKindeAuth();
    kinde.signOut();
    const fetcher = vi.fn(getBooks);
    const { result } = renderHook(() => useApi(['books'], fetcher), {
      wrapper: withClient(clientFor(kinde.auth), kinde.auth),
    });
    expect(fetcher).not.toHaveBeenCalled();
    expect(result.current).toMatchObject({ isLoading: false, data: undefined, error: undefined });
  });

  it('signing out aborts the running request and hides the data', async () => {
    const kinde = fakeKindeAuth();
    kinde.signIn();
    server.handle(hang);
    const { result } = renderHook(() => useApi(['books'], getBooks), {
      wrapper: withClient(clientFor(kinde.auth), kinde.auth),
    });
    const [request] = await server.waitForRequests(1);
    act(() => kinde.signOut());
    await request?.aborted;
    expect(result.current).toMatchObject({ isLoading: false, data: undefined });
  });

  it('signing in again loads afresh instead of showing the previous data as current', async () => {
    const kinde = fakeKindeAuth();
    kinde.signIn();
    const { result } = renderHook(() => useApi(['books'], getBooks), {
      wrapper: withClient(clientFor(kinde.auth), kinde.auth),
    });
    await waitFor(() => expect(result.current.data).toHaveLength(1));
    act(() => kinde.signOut());
    server.handle(json([{ id: 7, title: 'Middlemarch' }]));
    act(() => kinde.signIn());
    expect(result.current).toMatchObject({ isLoading: true, data: undefined });
    await waitFor(() => expect(result.current.data).toEqual([{ id: 7, title: 'Middlemarch' }]));
  });

  it('enabled: false holds the request back until it becomes true', async () => {
    const fetcher = vi.fn(getBooks);
    const { result, rerender } = renderHook(({ enabled }) => useApi(['books'], fetcher, { enabled }), {
      wrapper: withClient(clientFor(fakeSource())),
      initialProps: { enabled: false },
    });
    expect(fetcher).not.toHaveBeenCalled();
    expect(result.current.isLoading).toBe(false);
    rerender({ enabled: true });
    await waitFor(() => expect(result.current.data).toBeDefined());
    expect(server.received).toHaveLength(1);
  });

  it('a fetcher that throws synchronously ends up in error', async () => {
    const failure = new Error('bad input');
    const { result } = renderHook(
      () =>
        useApi(['x'], () => {
          throw failure;
        }),
      { wrapper: withClient(clientFor(fakeSource())) },
    );
    await waitFor(() => expect(result.current.error).toBe(failure));
    expect(result.current.isLoading).toBe(false);
  });
});
