import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type ApiClient,
  createApiClient,
  isInsufficientScopeError,
  isNotAuthenticatedError,
  type TokenSource,
} from '../../src/index.js';
import { ApiClientProvider, useApiClient } from '../../src/react/index.js';
import { AUDIENCE, fakeSource, makeJwt } from './helpers/auth.js';
import { insufficientScope, json, startServer, type TestServer } from './helpers/server.js';

interface Book {
  id: number;
  title: string;
}

// The recipe from docs/react.md: the client's errors decide what is worth retrying.
const retry = (failureCount: number, error: unknown) =>
  !isNotAuthenticatedError(error) && !isInsufficientScopeError(error) && failureCount < 3;

function useBooks() {
  const api = useApiClient();
  return useQuery({
    queryKey: ['books'],
    queryFn: ({ signal }) => api.get('books', { signal }).json<Book[]>(),
    retry,
    retryDelay: 0,
  });
}

let server: TestServer;
beforeEach(async () => {
  server = await startServer(json([{ id: 1, title: 'Dune' }]));
});
afterEach(() => server.close());

function withQuery(auth: TokenSource) {
  // retry: 0 leaves retrying to TanStack Query, as docs/react.md recommends (ky would retry 5xx too).
  const api: ApiClient = createApiClient({ baseUrl: server.url, audience: AUDIENCE, auth, retry: 0 });
  const queryClient = new QueryClient();
  return ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={queryClient}>
      <ApiClientProvider client={api}>{children}</ApiClientProvider>
    </QueryClientProvider>
  );
}

describe('the client in TanStack Query', () => {
  it('is pending, then has the data the API sent', async () => {
    const { result } = renderHook(() => useBooks(), { wrapper: withQuery(fakeSource()) });
    expect(result.current.isPending).toBe(true);
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(result.current.data).toEqual([{ id: 1, title: 'Dune' }]);
    expect(server.received).toHaveLength(1);
  });

  it('a lost session is not retried: one 401, one renewal attempt, then NotAuthenticatedError', async () => {
    server.handle((_request, res) => {
      res.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"' }).end();
    });
    const source = fakeSource(makeJwt());
    source.refresh = async () => null;
    const { result } = renderHook(() => useBooks(), { wrapper: withQuery(source) });
    await waitFor(() => expect(result.current.isError).toBe(true));
    expect(isNotAuthenticatedError(result.current.error)).toBe(true);
    expect(result.current.failureCount).toBe(1);
    expect(server.received).toHaveLength(1);
    expect(source.refreshes).toBe(1);
  });

  it('a 403 insufficient_scope is not retried', async () => {
    server.handle(insufficientScope);
    const { result } = renderHook(() => useBooks(), { wrapper: withQuery(fakeSource()) });
    await waitFor(() => expect(result.current.isError).toBe(true));
    expect(isInsufficientScopeError(result.current.error)).toBe(true);
    expect(server.received).toHaveLength(1);
  });

  it('other failures are retried as usual: 1 + 3 attempts', async () => {
    server.handle(json({ error: 'boom' }, 500));
    const { result } = renderHook(() => useBooks(), { wrapper: withQuery(fakeSource()) });
    await waitFor(() => expect(result.current.isError).toBe(true));
    expect(server.received).toHaveLength(4);
  });
});
