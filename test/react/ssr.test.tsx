// @vitest-environment node
import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { createApiClient, type KindeAuth } from '../../src/index.js';
import { ApiClientProvider, KindeAuthProvider, useApi, useAuth } from '../../src/react/index.js';
import { AUDIENCE, fakeKindeAuth, fakeSource } from './helpers/auth.js';

function Books() {
  const { isLoading, isAuthenticated } = useAuth();
  const books = useApi(['books'], (api, { signal }) => api.get('books', { signal }).json<string[]>());
  if (isLoading) return <p>{`auth loading, books loading: ${books.isLoading}`}</p>;
  return <p>{isAuthenticated ? books.data?.join(', ') : 'signed out'}</p>;
}

function page(auth: KindeAuth | PromiseLike<KindeAuth>, fetch: typeof globalThis.fetch) {
  // A real client; the fetch spy proves the server render sends nothing.
  const api = createApiClient({
    baseUrl: 'https://api.bookstore.test/',
    audience: AUDIENCE,
    auth: fakeSource(),
    fetch,
  });
  return (
    <KindeAuthProvider auth={auth}>
      <ApiClientProvider client={api}>
        <Books />
      </ApiClientProvider>
    </KindeAuthProvider>
  );
}

describe('server rendering', () => {
  it('runs where there is no window', () => {
    expect(typeof window).toBe('undefined');
    expect(typeof document).toBe('undefined');
  });

  it('renders the loading state, even for an auth that is already signed in, and sends nothing', () => {
    const kinde = fakeKindeAuth();
    kinde.signIn();
    const fetch = vi.fn<typeof globalThis.fetch>();
    const html = renderToString(page(kinde.auth, fetch));
    expect(html).toContain('auth loading, books loading: true');
    expect(fetch).not.toHaveBeenCalled();
  });

  it('renders the loading state for the promise form, which never settles on the server', () => {
    const fetch = vi.fn<typeof globalThis.fetch>();
    const html = renderToString(page(new Promise<KindeAuth>(() => undefined), fetch));
    expect(html).toContain('auth loading');
    expect(fetch).not.toHaveBeenCalled();
  });
});
