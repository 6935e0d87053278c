import type { KindeUser } from '@kinde-oss/kinde-auth-pkce-js';
import type { KindeAuth, TokenSource } from '../../../src/index.js';
import { createAuthStore } from '../../../src/kinde/auth-store.js';

import { fakeSource } from '../../unit/helpers/tokens.js';

// One fake token source and one JWT minter for every test suite: the unit tests' helpers.
export { AUDIENCE, type FakeSource, fakeSource, makeJwt } from '../../unit/helpers/tokens.js';

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
