import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { ConfigurationError, isApiClientError, type KindeAuth } from '../../src/index.js';
import { KindeAuthProvider, useAuth } from '../../src/react/index.js';
import { fakeKindeAuth, USER } from './helpers/auth.js';
import { catchRenderError } from './helpers/render.js';

function withAuth(auth: KindeAuth | PromiseLike<KindeAuth>) {
  return ({ children }: { children: ReactNode }) => (
    <KindeAuthProvider auth={auth}>{children}</KindeAuthProvider>
  );
}

describe('useAuth', () => {
  it('follows the auth state: loading, then signed in with the user, then signed out', () => {
    const kinde = fakeKindeAuth();
    const { result } = renderHook(() => useAuth(), { wrapper: withAuth(kinde.auth) });
    expect(result.current).toMatchObject({ status: 'loading', isLoading: true, isAuthenticated: false });

    act(() => kinde.signIn());
    expect(result.current).toMatchObject({
      status: 'authenticated',
      isLoading: false,
      isAuthenticated: true,
      user: USER,
    });

    act(() => kinde.signOut());
    expect(result.current).toMatchObject({
      status: 'unauthenticated',
      isAuthenticated: false,
      user: undefined,
    });
  });

  it('keeps the same result object while the state does not change', () => {
    const kinde = fakeKindeAuth();
    kinde.signIn();
    const { result, rerender } = renderHook(() => useAuth(), { wrapper: withAuth(kinde.auth) });
    const first = result.current;
    rerender();
    expect(result.current).toBe(first);
  });

  it('login and logout reach the KindeAuth', async () => {
    const kinde = fakeKindeAuth();
    kinde.signIn();
    const { result } = renderHook(() => useAuth(), { wrapper: withAuth(kinde.auth) });
    await act(() => result.current.login());
    await act(() => result.current.logout());
    expect(kinde.calls).toEqual(['login', 'logout']);
    expect(result.current.status).toBe('unauthenticated');
  });

  it('subscribes once per component, and unsubscribes on unmount', () => {
    const kinde = fakeKindeAuth();
    let subscriptions = 0;
    const subscribe = kinde.auth.subscribe;
    const auth = {
      ...kinde.auth,
      subscribe: (listener: () => void) => {
        subscriptions++;
        const off = subscribe(listener);
        return () => {
          subscriptions--;
          off();
        };
      },
    };
    const { rerender, unmount } = renderHook(() => useAuth(), { wrapper: withAuth(auth) });
    rerender();
    act(() => kinde.signIn());
    expect(subscriptions).toBe(1);
    unmount();
    expect(subscriptions).toBe(0);
  });

  it('accepts the promise from createKindeAuth: loading until it resolves, then its state', async () => {
    const kinde = fakeKindeAuth();
    kinde.signIn();
    let resolve!: (auth: KindeAuth) => void;
    const pending = new Promise<KindeAuth>((r) => {
      resolve = r;
    });
    const { result } = renderHook(() => useAuth(), { wrapper: withAuth(pending) });
    expect(result.current.status).toBe('loading');

    await act(async () => resolve(kinde.auth));
    expect(result.current).toMatchObject({ status: 'authenticated', user: USER });

    act(() => kinde.signOut());
    expect(result.current.status).toBe('unauthenticated');
  });

  it('login called while the promise is pending waits for the auth', async () => {
    const kinde = fakeKindeAuth();
    let resolve!: (auth: KindeAuth) => void;
    const pending = new Promise<KindeAuth>((r) => {
      resolve = r;
    });
    const { result } = renderHook(() => useAuth(), { wrapper: withAuth(pending) });
    const login = result.current.login();
    expect(kinde.calls).toEqual([]);
    resolve(kinde.auth);
    await login;
    expect(kinde.calls).toEqual(['login']);
  });

  it('a rejected promise shows as signed out with the error', async () => {
    const failure = new ConfigurationError('createKindeAuth: `clientId` is required');
    const { result } = renderHook(() => useAuth(), { wrapper: withAuth(Promise.reject(failure)) });
    await waitFor(() => expect(result.current.status).toBe('unauthenticated'));
    expect(result.current.error).toBe(failure);
  });

  it('outside a KindeAuthProvider throws an error that says how to fix it', () => {
    const thrown = catchRenderError(() => useAuth());
    expect(isApiClientError(thrown)).toBe(true);
    expect((thrown as Error).message).toContain('<KindeAuthProvider auth={auth}>');
  });
});
