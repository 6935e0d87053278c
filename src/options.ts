import type { Options as KyOptions } from 'ky';
import type { NotAuthenticatedError } from './errors.js';

/**
 * Where the client gets access tokens. `createKindeAuth()` returns one; tests and other identity
 * providers can pass their own.
 *
 * @example
 * ```ts
 * const auth: TokenSource = {
 *   getAccessToken: () => kinde.getAccessToken(),
 *   refreshAccessToken: () => myForcedRefresh(),
 * };
 * ```
 */
export interface TokenSource {
  /** The current access token, cached or silently renewed. `null`/`undefined` means signed out. */
  getAccessToken(): Promise<string | null | undefined>;
  /** Force a renewal and return the new token. `null`/`undefined` (or a rejection) means it failed. */
  refreshAccessToken(): Promise<string | null | undefined>;
}

/** Options of {@link createApiClient}: the auth settings below, plus any ky option. */
export interface ApiClientOptions extends Omit<KyOptions, 'baseUrl'> {
  /**
   * Absolute `http(s)` URL of your API, e.g. `https://api.myapp.com/`. Relative inputs resolve against it
   * (ky's `baseUrl` semantics), and the token is only ever sent to this URL's origin.
   * Plain `http:` is accepted only for loopback hosts unless {@link allowInsecureHttp} is set.
   */
  baseUrl: string | URL;
  /**
   * The API audience registered in Kinde (Settings → APIs), e.g. `https://api.myapp.com`. Tokens whose `aud`
   * does not include it are refused before sending with an `AudienceMismatchError`.
   */
  audience: string;
  /**
   * Where access tokens come from: `createKindeAuth(…)` or any {@link TokenSource}. A promise of one is
   * accepted too, so the client can be created at module level while Kinde is still starting; calls wait
   * for it (a rejection rejects the calls with the same error).
   */
  auth: TokenSource | PromiseLike<TokenSource>;
  /**
   * Called once per lost session: when a renewal fails (however many requests were waiting on it), and when
   * the API rejects a freshly renewed token. The usual reaction is to send the user to sign in.
   * Not called when nobody was signed in to begin with.
   * @default undefined
   * @example
   * ```ts
   * createApiClient({ …, onUnauthenticated: () => auth.login() });
   * ```
   */
  onUnauthenticated?: (error: NotAuthenticatedError) => void;
  /**
   * Allow a plain `http://` `baseUrl` on a non-loopback host. Tokens then cross the network unencrypted;
   * only for trusted internal networks.
   * @default false
   */
  allowInsecureHttp?: boolean;
  /**
   * Seconds before `exp` at which a JWT counts as expired and is renewed before sending, to absorb clock
   * skew and the request's own travel time.
   * @default 10
   */
  expiryLeewaySeconds?: number;
}
