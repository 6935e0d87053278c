import type { ReactNode } from 'react';
import { describe, expectTypeOf, it } from 'vitest';
import type { ApiClient, AuthState, KindeAuth, TokenSource } from '../../src/index.js';
import {
  ApiClientProvider,
  type ApiClientProviderProps,
  KindeAuthProvider,
  type KindeAuthProviderProps,
  type KindeReactAuth,
  type UseApiContext,
  type UseApiResult,
  type UseAuthResult,
  useApi,
  useApiClient,
  useAuth,
  useKindeReactTokenSource,
} from '../../src/react/index.js';

interface Book {
  id: string;
  title: string;
}

describe('useApi', () => {
  it("infers data from the fetcher's result; error stays unknown", () => {
    const result = useApi(['books'], (api, { signal }) => api.get('books', { signal }).json<Book[]>());
    expectTypeOf(result).toEqualTypeOf<UseApiResult<Book[]>>();
    expectTypeOf(result.data).toEqualTypeOf<Book[] | undefined>();
    expectTypeOf(result.error).toBeUnknown();
    expectTypeOf(result.isLoading).toEqualTypeOf<boolean>();
    expectTypeOf(result.refetch).toEqualTypeOf<() => void>();
  });

  it('hands the fetcher the client and an abort signal', () => {
    useApi(['books'], (api, context) => {
      expectTypeOf(api).toEqualTypeOf<ApiClient>();
      expectTypeOf(context).toEqualTypeOf<UseApiContext>();
      expectTypeOf(context.signal).toEqualTypeOf<AbortSignal>();
      return Promise.resolve(1);
    });
  });

  it('rejects a fetcher that does not return a promise, and unknown options', () => {
    // @ts-expect-error the fetcher must return a promise
    useApi(['books'], () => 1);
    // @ts-expect-error key is an array
    useApi('books', async () => 1);
    // @ts-expect-error no such option
    useApi(['books'], async () => 1, { staleTime: 1 });
    useApi(['books'], async () => 1, { enabled: false });
  });
});

describe('useAuth and useApiClient', () => {
  it('useAuth returns the state and the sign-in helpers', () => {
    const auth = useAuth();
    expectTypeOf(auth).toEqualTypeOf<UseAuthResult>();
    expectTypeOf(auth.status).toEqualTypeOf<AuthState['status']>();
    expectTypeOf(auth.isAuthenticated).toEqualTypeOf<boolean>();
    expectTypeOf(auth.isLoading).toEqualTypeOf<boolean>();
    expectTypeOf(auth.user).toEqualTypeOf<AuthState['user']>();
    expectTypeOf(auth.error).toBeUnknown();
    expectTypeOf(auth.login).toEqualTypeOf<KindeAuth['login']>();
    expectTypeOf(auth.logout).toEqualTypeOf<KindeAuth['logout']>();
  });

  it('useApiClient returns the client', () => {
    expectTypeOf(useApiClient()).toEqualTypeOf<ApiClient>();
  });

  it('useKindeReactTokenSource turns useKindeAuth() into a TokenSource', () => {
    const kinde = {} as KindeReactAuth;
    expectTypeOf(
      useKindeReactTokenSource(kinde, { domain: 'd', clientId: 'c' }),
    ).toEqualTypeOf<TokenSource>();
    // @ts-expect-error clientId is required
    useKindeReactTokenSource(kinde, { domain: 'd' });
  });
});

describe('providers', () => {
  it('take the client / the auth (or its promise) and render children', () => {
    expectTypeOf(ApiClientProvider).parameter(0).toEqualTypeOf<ApiClientProviderProps>();
    expectTypeOf(ApiClientProvider).returns.toEqualTypeOf<ReactNode>();
    expectTypeOf<ApiClientProviderProps['client']>().toEqualTypeOf<ApiClient>();
    expectTypeOf(KindeAuthProvider).parameter(0).toEqualTypeOf<KindeAuthProviderProps>();
    expectTypeOf<KindeAuthProviderProps['auth']>().toEqualTypeOf<KindeAuth | PromiseLike<KindeAuth>>();
    // @ts-expect-error client is required
    ApiClientProvider({ children: null });
  });
});
