import type { KindeUser } from '@kinde-oss/kinde-auth-pkce-js';
import type { KindeAuth, TokenSource } from '../../../src/index.js';
import { createAuthStore } from '../../../src/kinde/auth-store.js';

export const AUDIENCE = 'https://api.bookstore.test';

let serial = 0;

/** An unsigned JWT: the client reads only `aud` and `exp`. Expires in an hour unless `exp` says otherwise. */
export function makeJwt(claims: { aud?: unknown; exp?: number; [key: string]: unknown } = {}): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const payload = {
    aud: [AUDIENCE],
    exp: Math.floor(Date.now() / 1000) + 3600,
    jti: `t${++serial}`,
    sub: 'kp_test',
    ...claims,
  };
  return `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode(payload)}.c2lnbmF0dXJl`;
}

/** A fake token source at the project's boundary: one current token; a refresh mints a new one. */
export interface FakeSource extends TokenSource {
  current: string | null;
  refreshes: number;
  /** What a forced renewal yields; replace to make it fail. */
  refresh: () => Promise<string | null>;
}

export function fakeSource(initial: string | null = makeJwt()): FakeSource {
  const source: FakeSource = {
    current: initial,
    refreshes: 0,
    refresh: async () => makeJwt(),
    getAccessToken: async () => source.current,
    async refreshAccessToken() {
      source.refreshes++;
      const next = await source.refresh();
      if (next) source.current = next;
      return next;
    },
  };
  return source;
}

export const USER: KindeUser = {
  id: 'kp_test',
  given_name: 'Ada',
  family_name: 'L',
  email: 'ada@example.test',
  picture: undefined,
};

/**
 * A `KindeAuth` without pkce-js: the core's real auth store plus a fake token source. Starts `loading`;
 * drive it with `signIn()` / `signOut()` as createKindeAuth would after restoring a session.
 */
export function fakeKindeAuth(source: TokenSource = fakeSource()) {
  const store = createAuthStore();
  const calls: string[] = [];
  const auth = {
    client: undefined as unknown as KindeAuth['client'],
    getAccessToken: () => source.getAccessToken(),
    refreshAccessToken: () => source.refreshAccessToken(),
    login: async () => {
      calls.push('login');
    },
    register: async () => {
      calls.push('register');
    },
    logout: async () => {
      calls.push('logout');
      store.set({ status: 'unauthenticated' });
    },
    isAuthenticated: async () => store.get().status === 'authenticated',
    getUser: () => store.get().user,
    getSnapshot: store.get,
    subscribe: store.subscribe,
  } satisfies KindeAuth;
  return {
    auth,
    calls,
    signIn: () => store.set({ status: 'authenticated', user: USER }),
    signOut: () => store.set({ status: 'unauthenticated' }),
  };
}
