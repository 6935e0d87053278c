'use client';
import { useInsertionEffect, useRef, useState } from 'react';
import type { TokenSource } from '../options.js';

/**
 * The part of `useKindeAuth()` (from `@kinde-oss/kinde-auth-react` 5.x) the adapter uses. Declared here so
 * this package never imports kinde-auth-react: apps that do not use it need not install it.
 */
export interface KindeReactAuth {
  /** Reads the stored access token (may be expired). */
  getAccessToken(): Promise<string | null | undefined>;
  /** Renews the session with the stored refresh token. */
  refreshToken(params: { domain: string; clientId: string }): Promise<{
    /** Whether a new token was stored. */
    success: boolean;
    /** Kinde's error when it failed, e.g. `invalid_grant`. */
    error?: string;
  }>;
}

/** Options of {@link useKindeReactTokenSource}: the same values you give kinde-auth-react's `KindeProvider`. */
export interface KindeReactTokenSourceOptions {
  /** Your Kinde domain, e.g. `https://myapp.kinde.com` (`KindeProvider`'s `domain`). */
  domain: string;
  /** The application's client ID (`KindeProvider`'s `clientId`). */
  clientId: string;
}

/**
 * Turns kinde-auth-react's `useKindeAuth()` into a {@link TokenSource} for `createApiClient`, with the same
 * identity on every render (so the client built on it can be created once).
 *
 * kinde-auth-react's `getAccessToken()` only reads storage and can return an expired token; the client
 * sees its `exp` and renews it first through `refreshAccessToken`, which calls
 * `refreshToken({ domain, clientId })` and reads the renewed token. A refresh that fails rejects, which the
 * client reports as a `NotAuthenticatedError`.
 *
 * Call it inside kinde-auth-react's `KindeProvider`, passing `useKindeAuth()`'s result.
 *
 * @example
 * ```tsx
 * function ApiRoot({ children }: { children: ReactNode }) {
 *   const auth = useKindeReactTokenSource(useKindeAuth(), { domain, clientId });
 *   const [api] = useState(() => createApiClient({ baseUrl, audience, auth }));
 *   return <ApiClientProvider client={api}>{children}</ApiClientProvider>;
 * }
 * ```
 */
export function useKindeReactTokenSource(
  kinde: KindeReactAuth,
  options: KindeReactTokenSourceOptions,
): TokenSource {
  const latest = useRef({ kinde, options });
  // useKindeAuth() returns a new object whenever its state changes; the source reads the latest one.
  useInsertionEffect(() => {
    latest.current = { kinde, options };
  });
  const [source] = useState<TokenSource>(() => ({
    getAccessToken: () => latest.current.kinde.getAccessToken(),
    async refreshAccessToken() {
      const { kinde, options } = latest.current;
      const result = await kinde.refreshToken({ domain: options.domain, clientId: options.clientId });
      if (!result.success) {
        throw new Error(`Kinde refused to renew the session: ${result.error ?? 'unknown error'}`);
      }
      return kinde.getAccessToken();
    },
  }));
  return source;
}
