'use client';
import { type ReactNode, useMemo } from 'react';
import type { KindeAuth } from '../kinde/create-kinde-auth.js';
import { bindAuth } from './auth-binding.js';
import { KindeAuthContext } from './kinde-auth-context.js';

/** Props of {@link KindeAuthProvider}. */
export interface KindeAuthProviderProps {
  /**
   * The page's auth from `createKindeAuth(…)`: the `KindeAuth` itself, or the promise of it, so the app
   * can render (status `loading`) while Kinde restores the session. Create it once, outside render;
   * a new promise on every render would start over every time.
   */
  auth: KindeAuth | PromiseLike<KindeAuth>;
  /** The part of the app that reads the sign-in state. */
  children?: ReactNode;
}

/**
 * Makes a `KindeAuth` available to {@link useAuth}, and tells {@link useApi} below it when the user is
 * signed in, so it does not send requests that are bound to fail.
 *
 * @example
 * ```tsx
 * const auth = createKindeAuth({ domain, clientId, redirectUri: window.location.origin, audience });
 * root.render(<KindeAuthProvider auth={auth}><App /></KindeAuthProvider>);
 * ```
 */
export function KindeAuthProvider({ auth, children }: KindeAuthProviderProps): ReactNode {
  const binding = useMemo(() => bindAuth(auth), [auth]);
  return <KindeAuthContext.Provider value={binding}>{children}</KindeAuthContext.Provider>;
}
