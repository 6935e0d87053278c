'use client';
import { useContext, useSyncExternalStore } from 'react';
import type { AuthState } from '../kinde/auth-store.js';
import { type AuthBinding, LOADING } from './auth-binding.js';
import { KindeAuthContext } from './kinde-auth-context.js';

const noBinding = {
  subscribe: () => () => undefined,
  getSnapshot: () => undefined,
};
const getServerSnapshot = () => LOADING;

/**
 * Internal: the nearest `KindeAuthProvider`'s binding and its current state, or `undefined` for both
 * outside one. One subscription per calling component; the server (and hydration) always sees `loading`.
 */
export function useAuthState(): { binding: AuthBinding | null; state: AuthState | undefined } {
  const binding = useContext(KindeAuthContext);
  const store = binding ?? noBinding;
  const state = useSyncExternalStore<AuthState | undefined>(
    store.subscribe,
    store.getSnapshot,
    binding ? getServerSnapshot : noBinding.getSnapshot,
  );
  return { binding, state };
}
