import type { KindeUser } from '@kinde-oss/kinde-auth-pkce-js';

/** The sign-in state of the page. `loading` until the Kinde client has restored or ruled out a session. */
export type AuthState =
  | { readonly status: 'loading'; readonly user?: undefined }
  | { readonly status: 'authenticated'; readonly user: KindeUser | undefined }
  | { readonly status: 'unauthenticated'; readonly user?: undefined };

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
