import type { KyInstance, ResponsePromise } from 'ky';
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import {
  type ApiClient,
  type ApiClientOptions,
  type AuthState,
  createApiClient,
  createKindeAuth,
  type KindeAuth,
  type KindeAuthOptions,
  type TokenSource,
} from '../../src/index.js';

declare const auth: TokenSource;
const api = createApiClient({
  baseUrl: 'https://api.example.com/',
  audience: 'https://api.example.com',
  auth,
});

interface Book {
  id: string;
  title: string;
}

describe('createApiClient', () => {
  it('returns a ky instance, so every ky method and option is available', () => {
    expectTypeOf(api).toEqualTypeOf<ApiClient>();
    expectTypeOf(api).toEqualTypeOf<KyInstance>();
    expectTypeOf(api.get('books')).toEqualTypeOf<ResponsePromise<unknown>>();
  });

  it('accepts any ky option besides its own', () => {
    createApiClient({
      baseUrl: new URL('https://api.example.com/'),
      audience: 'https://api.example.com',
      auth,
      timeout: 5000,
      retry: 0,
      headers: { 'x-app': 'demo' },
      onUnauthenticated: (error) =>
        expectTypeOf(error.reason).toEqualTypeOf<'signed-out' | 'refresh-failed' | 'token-rejected'>(),
      allowInsecureHttp: false,
      expiryLeewaySeconds: 30,
    });
  });

  it('rejects options without baseUrl, audience or auth', () => {
    // @ts-expect-error baseUrl is required
    createApiClient({ audience: 'https://api.example.com', auth });
    // @ts-expect-error audience is required
    createApiClient({ baseUrl: 'https://api.example.com/', auth });
    // @ts-expect-error auth is required
    createApiClient({ baseUrl: 'https://api.example.com/', audience: 'https://api.example.com' });
    // @ts-expect-error no options at all
    createApiClient();
    expectTypeOf<ApiClientOptions>().toHaveProperty('baseUrl').toEqualTypeOf<string | URL>();
    expectTypeOf<ApiClientOptions>().toHaveProperty('audience').toEqualTypeOf<string>();
    expectTypeOf<ApiClientOptions>()
      .toHaveProperty('auth')
      .toEqualTypeOf<TokenSource | PromiseLike<TokenSource>>();
  });

  it('rejects a token source that is not a TokenSource', () => {
    createApiClient({
      baseUrl: 'https://api.example.com/',
      audience: 'https://api.example.com',
      // @ts-expect-error refreshAccessToken is missing
      auth: { getAccessToken: async () => 'token' },
    });
    createApiClient({
      baseUrl: 'https://api.example.com/',
      audience: 'https://api.example.com',
      // @ts-expect-error a token is a string, not a number
      auth: { getAccessToken: async () => 42, refreshAccessToken: async () => null },
    });
  });
});

describe('.json()', () => {
  it('is unknown without a type argument or schema, never any', () => {
    expectTypeOf(api.get('books').json()).resolves.toBeUnknown();
  });

  it('returns the type given as .json<T>()', () => {
    expectTypeOf(api.get('books').json<Book[]>()).resolves.toEqualTypeOf<Book[]>();
    expectTypeOf(api.get<Book[]>('books').json()).resolves.toEqualTypeOf<Book[]>();
  });

  it("infers the schema's output from a Standard Schema (zod 4)", () => {
    const BookSchema = z.object({ id: z.string(), title: z.string(), year: z.number().optional() });
    expectTypeOf(api.get('books/1').json(BookSchema)).resolves.toEqualTypeOf<{
      id: string;
      title: string;
      year?: number | undefined;
    }>();
    // A transforming schema yields its output type, not its input type.
    const Count = z.string().transform((s) => Number.parseInt(s, 10));
    expectTypeOf(api.get('count').json(Count)).resolves.toEqualTypeOf<number>();
  });
});

describe('createKindeAuth', () => {
  it('resolves to a KindeAuth usable as the token source', () => {
    const kinde = createKindeAuth({
      domain: 'https://example.kinde.com',
      clientId: 'client',
      redirectUri: 'https://app.example.com',
      audience: ['https://api.example.com', 'https://billing.example.com'],
    });
    expectTypeOf(kinde).toEqualTypeOf<Promise<KindeAuth>>();
    expectTypeOf<KindeAuth>().toExtend<TokenSource>();
    expectTypeOf<KindeAuth['getSnapshot']>().returns.toEqualTypeOf<AuthState>();
    expectTypeOf<AuthState['status']>().toEqualTypeOf<'loading' | 'authenticated' | 'unauthenticated'>();
    expectTypeOf<KindeAuth['subscribe']>().returns.toEqualTypeOf<() => void>();
  });

  it('requires domain, clientId, redirectUri and audience', () => {
    // @ts-expect-error audience is required
    createKindeAuth({ domain: 'https://example.kinde.com', clientId: 'c', redirectUri: 'https://app' });
    // @ts-expect-error clientId is required
    createKindeAuth({ domain: 'https://example.kinde.com', redirectUri: 'https://app', audience: 'a' });
    expectTypeOf<KindeAuthOptions>().toHaveProperty('useLocalStorage').toEqualTypeOf<boolean | undefined>();
  });
});
