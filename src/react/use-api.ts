'use client';
import { useCallback, useEffect, useInsertionEffect, useRef, useState } from 'react';
import type { ApiClient } from '../create-api-client.js';
import { useApiClient } from './use-api-client.js';
import { useAuthState } from './use-auth-state.js';

/** What the fetcher of {@link useApi} receives besides the client. */
export interface UseApiContext {
  /** Aborts when the component unmounts, when `key` changes, and on `refetch()`. Pass it to the client. */
  signal: AbortSignal;
}

/** Options of {@link useApi}. */
export interface UseApiOptions {
  /**
   * Set to `false` to hold the request back, e.g. until a value it needs exists, or until the user is
   * signed in when the app has no `KindeAuthProvider` (kinde-auth-react apps:
   * `enabled: isAuthenticated` from `useKindeAuth()`).
   * @default true
   */
  enabled?: boolean;
}

/** What {@link useApi} returns. */
export interface UseApiResult<T> {
  /**
   * The last result for the current `key`; kept while a `refetch()` runs. `undefined` while held back
   * (signed out, or `enabled: false`): results are forgotten then, so a later sign-in loads afresh.
   */
  data: T | undefined;
  /** Why the latest request for the current `key` failed (the client's error, e.g. `NotAuthenticatedError`). */
  error: unknown;
  /** True while a request for the current `key` runs, and while the auth is still loading. */
  isLoading: boolean;
  /** Runs the request again (aborting one in flight). */
  refetch: () => void;
}

interface Settled<T> {
  readonly hash: string;
  readonly run: number;
  readonly data: T | undefined;
  readonly error: unknown;
}

/**
 * Runs `fetcher` with the client of the nearest {@link ApiClientProvider} and tracks its result, for the
 * common "load this when the component shows" case (reach for TanStack Query for caching and sharing).
 *
 * The request runs when the component mounts and again when `key` changes; the previous one is aborted,
 * as is the running one on unmount. Under a {@link KindeAuthProvider} it waits while the auth is loading
 * and does not run while signed out, instead of sending a request that would fail.
 *
 * @param key JSON-serializable values the request depends on; a change (by value) runs it again.
 * @param fetcher Makes the request; read it freshly on each run, so it need not be memoized.
 * @throws {ConfigurationError} when called outside an `ApiClientProvider`.
 * @example
 * ```tsx
 * const { data, error, isLoading } = useApi(['books', page], (api, { signal }) =>
 *   api.get('books', { searchParams: { page }, signal }).json<Book[]>(),
 * );
 * ```
 */
export function useApi<T>(
  key: readonly unknown[],
  fetcher: (api: ApiClient, context: UseApiContext) => Promise<T>,
  options: UseApiOptions = {},
): UseApiResult<T> {
  const api = useApiClient();
  const { state: auth } = useAuthState();
  const enabled = options.enabled ?? true;
  // Without a KindeAuthProvider the client's token source is the only judge: let the request decide.
  const ready = enabled && (auth === undefined || auth.status === 'authenticated');
  const waitingForAuth = enabled && auth?.status === 'loading';
  const hash = JSON.stringify(key);

  const [run, setRun] = useState(0);
  const [settled, setSettled] = useState<Settled<T>>();
  const latestFetcher = useRef(fetcher);
  // Before any effect of this render reads it; unlike assigning during render, safe in concurrent renders.
  useInsertionEffect(() => {
    latestFetcher.current = fetcher;
  });

  useEffect(() => {
    if (!ready) return;
    const controller = new AbortController();
    const settle = (next: (previous: Settled<T> | undefined) => Settled<T>) => {
      if (!controller.signal.aborted) setSettled(next);
    };
    // A fetcher that throws instead of rejecting still ends up in `error`.
    new Promise<T>((resolve) => resolve(latestFetcher.current(api, { signal: controller.signal }))).then(
      (data) => settle(() => ({ hash, run, data, error: undefined })),
      (error: unknown) =>
        settle((previous) => ({
          hash,
          run,
          data: previous?.hash === hash ? previous.data : undefined,
          error,
        })),
    );
    return () => controller.abort();
  }, [api, hash, run, ready]);

  // Forget results while held back, so signing in again (maybe as someone else) never shows the old data
  // as current. Setting own state during render is React's documented way to reset on a prop change.
  if (!ready && settled !== undefined) setSettled(undefined);

  const refetch = useCallback(() => setRun((n) => n + 1), []);
  const current = ready && settled?.hash === hash ? settled : undefined;
  const done = current?.run === run;
  return {
    data: current?.data,
    error: done ? current.error : undefined,
    isLoading: waitingForAuth || (ready && !done),
    refetch,
  };
}
