'use client';
import { useMemo } from 'react';
import { ConfigurationError } from '../errors.js';
import type { AuthState } from '../kinde/auth-store.js';
import type { KindeAuth } from '../kinde/create-kinde-auth.js';
import { useAuthState } from './use-auth-state.js';

/** What {@link useAuth} returns. */
export interface UseAuthResult {
  /** `loading` until Kinde has restored or ruled out a session; also on the server and during hydration. */
  status: AuthState['status'];
  /** `status === 'loading'`. */
  isLoading: boolean;
  /** `status === 'authenticated'`. */
  isAuthenticated: boolean;
  /** The signed-in user (from the ID token), or `undefined`. */
  user: AuthState['user'];
  /**
   * Why creating the auth failed, when `KindeAuthProvider` got a promise that rejected (e.g. a
   * `ConfigurationError` from `createKindeAuth`); the status is then `unauthenticated`. Else `undefined`.
   */
  error: unknown;
  /** Redirects to Kinde's sign-in page (waits for the auth if it is still being created). */
  login: KindeAuth['login'];
  /** Redirects to Kinde's sign-up page. */
  register: KindeAuth['register'];
  /** Signs out through Kinde's logout endpoint. */
  logout: KindeAuth['logout'];
}

/**
 * The sign-in state of the nearest {@link KindeAuthProvider}, re-rendering when it changes.
 * The result object (and its functions) keep their identity until the state changes.
 *
 * @throws {ConfigurationError} when called outside a `KindeAuthProvider`.
 * @example
 * ```tsx
 * function Header() {
 *   const { isLoading, isAuthenticated, user, login, logout } = useAuth();
 *   if (isLoading) return null;
 *   return isAuthenticated
 *     ? <button onClick={() => logout()}>Sign out {user?.given_name}</button>
 *     : <button onClick={() => login()}>Sign in</button>;
 * }
 * ```
 */
export function useAuth(): UseAuthResult {
  const { binding, state } = useAuthState();
  if (!binding || !state) {
    throw new ConfigurationError(
      'useAuth() was called outside <KindeAuthProvider>. Fix: wrap your app in ' +
        '<KindeAuthProvider auth={auth}>, where auth = createKindeAuth({ domain, clientId, redirectUri, ' +
        'audience }) (the KindeAuth or its promise).',
    );
  }
  const error = state.status === 'unauthenticated' ? binding.error : undefined;
  return useMemo(
    () => ({
      status: state.status,
      isLoading: state.status === 'loading',
      isAuthenticated: state.status === 'authenticated',
      user: state.user,
      error,
      login: binding.login,
      register: binding.register,
      logout: binding.logout,
    }),
    [state, binding, error],
  );
}
