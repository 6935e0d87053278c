'use client';
import type { AuthState } from '../kinde/auth-store.js';
import type { KindeAuth } from '../kinde/create-kinde-auth.js';

/** Internal: one shape for a `KindeAuth` that exists now and one that is still being created. */
export interface AuthBinding {
  getSnapshot(): AuthState;
  subscribe(listener: () => void): () => void;
  /** Why creating the auth failed (a rejected promise), else `undefined`. Set before listeners hear of it. */
  readonly error: unknown;
  login: KindeAuth['login'];
  register: KindeAuth['register'];
  logout: KindeAuth['logout'];
}

/** The snapshot while the auth is being created, and the one on the server: shared so React sees no change. */
export const LOADING: AuthState = Object.freeze({ status: 'loading' });
const FAILED: AuthState = Object.freeze({ status: 'unauthenticated' });

export function bindAuth(auth: KindeAuth | PromiseLike<KindeAuth>): AuthBinding {
  if (!isPromiseLike(auth)) {
    return {
      getSnapshot: () => auth.getSnapshot(),
      subscribe: (listener) => auth.subscribe(listener),
      error: undefined,
      login: (options) => auth.login(options),
      register: (options) => auth.register(options),
      logout: (options) => auth.logout(options),
    };
  }

  let resolved: KindeAuth | undefined;
  let failure: { error: unknown } | undefined;
  let unsubscribeUpstream: (() => void) | undefined;
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of [...listeners]) listener();
  };
  // Forward the resolved auth's changes only while someone listens, so an unmounted tree keeps no listener.
  const syncUpstream = () => {
    if (resolved && listeners.size > 0 && !unsubscribeUpstream)
      unsubscribeUpstream = resolved.subscribe(notify);
    if (listeners.size === 0 && unsubscribeUpstream) {
      unsubscribeUpstream();
      unsubscribeUpstream = undefined;
    }
  };
  const ready = Promise.resolve(auth);
  ready.then(
    (value) => {
      resolved = value;
      syncUpstream();
      notify();
    },
    (error: unknown) => {
      failure = { error };
      notify();
    },
  );

  return {
    getSnapshot: () => resolved?.getSnapshot() ?? (failure ? FAILED : LOADING),
    subscribe(listener) {
      listeners.add(listener);
      syncUpstream();
      return () => {
        listeners.delete(listener);
        syncUpstream();
      };
    },
    get error() {
      return failure?.error;
    },
    login: async (options) => (await ready).login(options),
    register: async (options) => (await ready).register(options),
    logout: async (options) => (await ready).logout(options),
  };
}

function isPromiseLike(value: unknown): value is PromiseLike<KindeAuth> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
