import createKindeClient, {
  isCustomDomain,
  type KindeClient,
  type KindeClientOptions,
  type KindeUser,
  type LogoutOptions,
  type RedirectOptions,
  RefreshType,
  refreshToken,
} from '@kinde-oss/kinde-auth-pkce-js';
import { ConfigurationError } from '../errors.js';
import type { TokenSource } from '../options.js';
import { type AuthState, createAuthStore } from './auth-store.js';
import { createTabCoordination, delay, SHARED_TOKEN_WAIT_MS } from './tab-coordination.js';

type MappedKindeOptions =
  | 'domain'
  | 'client_id'
  | 'redirect_uri'
  | 'audience'
  | 'logout_uri'
  | 'scope'
  | 'is_dangerously_use_local_storage';

/**
 * Options of {@link createKindeAuth}. The named options are camelCase; any other option of pkce-js's
 * `createKindeClient` (`on_redirect_callback`, `on_error_callback`, …) is passed through unchanged.
 */
export interface KindeAuthOptions extends Omit<KindeClientOptions, MappedKindeOptions> {
  /** Your Kinde domain, e.g. `https://myapp.kinde.com` or a custom domain like `https://auth.myapp.com`. */
  domain: string;
  /** The application's client ID (Kinde → Applications → your SPA → Details). */
  clientId: string;
  /** Where Kinde sends the user back after sign-in; must be listed in the app's Allowed callback URLs. */
  redirectUri: string;
  /**
   * The audience of the API(s) to call, as registered in Kinde (Settings → APIs). Several APIs: pass an
   * array; it is sent as one space-separated list, since pkce-js keeps one client per page.
   */
  audience: string | readonly string[];
  /** Where Kinde sends the user after sign-out; must be listed in Allowed logout redirect URLs. */
  logoutUri?: string;
  /**
   * OAuth scopes. Keep `offline`: it is what yields a refresh token.
   * @default 'openid profile email offline'
   */
  scope?: string;
  /**
   * Keep the refresh token in `localStorage` even on a custom domain (pkce-js's
   * `is_dangerously_use_local_storage`). Exposes it to XSS; prefer Kinde's httpOnly cookie.
   * @default false
   */
  useLocalStorage?: boolean;
}

/**
 * A signed-in Kinde session usable as a {@link TokenSource}, with the usual sign-in helpers and an
 * observable auth state (`getSnapshot` / `subscribe`, shaped for React's `useSyncExternalStore`).
 */
export interface KindeAuth extends TokenSource {
  /** The underlying pkce-js client, for everything this wrapper does not cover. */
  readonly client: KindeClient;
  /** Redirects to Kinde's sign-in page. */
  login(options?: RedirectOptions): Promise<void>;
  /** Redirects to Kinde's sign-up page. */
  register(options?: RedirectOptions): Promise<void>;
  /** Signs out (redirects through Kinde's logout endpoint). */
  logout(options?: string | LogoutOptions): Promise<void>;
  /** Whether a user is signed in with an unexpired token (asks pkce-js). */
  isAuthenticated(): Promise<boolean>;
  /** The signed-in user from the ID token, or `undefined` when signed out. */
  getUser(): KindeUser | undefined;
  /** The current auth state; the same object until it changes. */
  getSnapshot(): AuthState;
  /** Calls `listener` whenever the auth state changes; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

/**
 * Creates the page's Kinde client (pkce-js) with your API's audience and wraps it as a {@link KindeAuth}.
 * Handles the sign-in redirect callback when the page is `redirectUri`. Call it once per page, in the
 * browser; importing this module on a server is safe, calling it there throws.
 *
 * @throws {ConfigurationError} when `domain`, `clientId`, `redirectUri` or `audience` is missing or
 * invalid, or when called outside a browser.
 * @example
 * ```ts
 * const auth = await createKindeAuth({
 *   domain: 'https://myapp.kinde.com',
 *   clientId: 'your-client-id',
 *   redirectUri: window.location.origin,
 *   audience: 'https://api.myapp.com',
 * });
 * if (!(await auth.isAuthenticated())) await auth.login();
 * ```
 */
export async function createKindeAuth(options: KindeAuthOptions): Promise<KindeAuth> {
  const { domain, clientId, redirectUri, audience, logoutUri, scope, useLocalStorage, ...rest } =
    validateKindeOptions(options);
  if (typeof window === 'undefined') {
    throw new ConfigurationError(
      'createKindeAuth runs in the browser only (pkce-js needs window, crypto.subtle and storage). ' +
        'On the server, create it in an effect or a client-only module.',
    );
  }
  const store = createAuthStore();
  const clientOptions: KindeClientOptions = {
    ...rest,
    domain,
    client_id: clientId,
    redirect_uri: redirectUri,
    audience: typeof audience === 'string' ? audience : audience.join(' '),
  };
  if (logoutUri !== undefined) clientOptions.logout_uri = logoutUri;
  if (scope !== undefined) clientOptions.scope = scope;
  if (useLocalStorage !== undefined) clientOptions.is_dangerously_use_local_storage = useLocalStorage;

  const client = await createKindeClient(clientOptions);
  const refreshType = pickRefreshType(domain, useLocalStorage === true);

  const readUser = (): KindeUser | undefined => {
    const user = client.getUser();
    return user?.id ? user : undefined;
  };
  const sync = async (): Promise<void> => {
    const signedIn = await client.isAuthenticated();
    store.set(signedIn ? { status: 'authenticated', user: readUser() } : { status: 'unauthenticated' });
  };

  // pkce-js keeps handing out its cached access token after the session died (failed refresh). Remember
  // that token as dead, so later calls fail fast as signed out instead of sending it again.
  let lastToken: string | undefined;
  let deadToken: string | undefined;
  const tabs = createTabCoordination(() => client.getAccessToken());

  const auth: KindeAuth = {
    client,
    async getAccessToken() {
      const token = await client.getAccessToken();
      lastToken = token;
      if (!token || token === deadToken) {
        if (store.get().status === 'authenticated') store.set({ status: 'unauthenticated' });
        return undefined;
      }
      if (store.get().status !== 'authenticated') store.set({ status: 'authenticated', user: readUser() });
      return token;
    },
    async refreshAccessToken() {
      const failed = lastToken ?? (await client.getAccessToken());
      return tabs.exclusive(async (queued) => {
        // Renewed while this call waited: by this tab, or by another tab whose tokens pkce-js already shared.
        const current = await client.getAccessToken();
        if (current && current !== failed) return auth.getAccessToken();
        if (queued && (await tabs.arrival(failed, delay(SHARED_TOKEN_WAIT_MS)))) return auth.getAccessToken();
        const refresh = refreshToken({ domain, clientId, refreshType });
        const result = await Promise.race([refresh, tabs.arrival(failed, refresh)]);
        // A string: another tab's renewal reached this tab first. (`undefined` only follows `refresh` settling.)
        if (typeof result !== 'object') return auth.getAccessToken();
        if (!result.success) {
          deadToken = failed;
          store.set({ status: 'unauthenticated' });
          throw new Error(`Kinde refused to renew the session: ${result.error ?? 'unknown error'}`);
        }
        deadToken = undefined;
        return auth.getAccessToken();
      });
    },
    login: (loginOptions) => client.login(loginOptions),
    register: (registerOptions) => client.register(registerOptions),
    async logout(logoutOptions) {
      store.set({ status: 'unauthenticated' });
      await client.logout(logoutOptions);
    },
    async isAuthenticated() {
      if (!(await client.isAuthenticated())) return false;
      return deadToken === undefined || (await client.getAccessToken()) !== deadToken;
    },
    getUser: readUser,
    getSnapshot: store.get,
    subscribe: store.subscribe,
  };
  await sync();
  return auth;
}

/**
 * pkce-js keeps the refresh token in Kinde's httpOnly cookie on a custom domain in production; everywhere
 * else in localStorage. The refresh must say which, or the token can be sent twice and Kinde answers
 * "More than one refresh token provided".
 */
function pickRefreshType(domain: string, useLocalStorage: boolean): RefreshType {
  const host = window.location.hostname;
  const local = host === 'localhost' || host === '127.0.0.1';
  return !local && !useLocalStorage && isCustomDomain(domain) ? RefreshType.cookie : RefreshType.refreshToken;
}

function validateKindeOptions(options: KindeAuthOptions): KindeAuthOptions {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigurationError(
      'createKindeAuth needs an options object: createKindeAuth({ domain, clientId, redirectUri, audience }).',
    );
  }
  for (const key of ['domain', 'redirectUri'] as const) {
    const value = options[key];
    if (typeof value !== 'string' || !/^https?:\/\/[^/]/i.test(value)) {
      throw new ConfigurationError(
        `createKindeAuth: \`${key}\` must be an absolute http(s) URL, e.g. ${
          key === 'domain' ? '"https://myapp.kinde.com"' : 'window.location.origin'
        }; got ${value === undefined ? 'nothing' : JSON.stringify(value)}.`,
      );
    }
  }
  if (typeof options.clientId !== 'string' || options.clientId.trim() === '') {
    throw new ConfigurationError(
      'createKindeAuth: `clientId` is required (Kinde → Applications → your SPA → Details → Client ID).',
    );
  }
  const list = typeof options.audience === 'string' ? [options.audience] : options.audience;
  if (
    !Array.isArray(list) ||
    list.length === 0 ||
    list.some((a) => typeof a !== 'string' || a.trim() === '')
  ) {
    throw new ConfigurationError(
      'createKindeAuth: `audience` is required: the audience of your API as registered in Kinde ' +
        '(Settings → APIs), e.g. "https://api.myapp.com", or an array for several APIs. Without it the ' +
        "access token's aud is empty and your API rejects every call.",
    );
  }
  return options;
}
