import type { KindeUser } from '@kinde-oss/kinde-auth-pkce-js';

/** The sign-in state of the page. `loading` until the Kinde client has restored or ruled out a session. */
export type AuthState =
  | {
      /** The Kinde client is still restoring or ruling out a session. */
      readonly status: 'loading';
      /** Not known yet. */
      readonly user?: undefined;
    }
  | {
      /** Signed in. */
      readonly status: 'authenticated';
      /** The signed-in user from the ID token. */
      readonly user: KindeUser | undefined;
    }
  | {
      /** Signed out, or the session could not be renewed. */
      readonly status: 'unauthenticated';
      /** Nobody is signed in. */
      readonly user?: undefined;
    };

/** A tiny external store: immutable snapshots and change listeners, for `useSyncExternalStore`. */
export function createAuthStore() {
  let state: AuthState = { status: 'loading' };
  const listeners = new Set<() => void>();
  return {
    get: (): AuthState => state,
    set(next: AuthState): void {
      if (next.status === state.status && next.user === state.user) return;
      state = next;
      for (const listener of [...listeners]) listener();
    },
    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
