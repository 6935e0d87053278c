import ky, { isHTTPError, type KyInstance } from 'ky';
import { createAuthFetch } from './auth-fetch.js';
import { InsufficientScopeError } from './errors.js';
import { keepAuthLayer } from './keep-auth-layer.js';
import type { ApiClientOptions } from './options.js';
import { TokenManager } from './token-manager.js';
import { validateOptions } from './validate-options.js';
import { parseBearerChallenge } from './www-authenticate.js';

/** The client: a ky instance (`get`/`post`/`put`/`patch`/`delete`/`head`, `.json()`, `extend`, …). */
export type ApiClient = KyInstance;

/**
 * Creates a ky client for your API that sends `Authorization: Bearer <token>` with a token for `audience`,
 * renews the token and retries once on a 401, and never sends the token to another origin.
 *
 * @throws {ConfigurationError} when `baseUrl`, `audience` or `auth` is missing or invalid, or `baseUrl` is
 * plain `http:` to a non-loopback host without `allowInsecureHttp`.
 *
 * Calls reject with:
 * - `NotAuthenticatedError` when signed out (nothing is sent) or when the renewal fails;
 * - `AudienceMismatchError` when the token's `aud` lacks `audience` (nothing is sent);
 * - `InsufficientScopeError` on a 403 `insufficient_scope` challenge (no refresh);
 * - `ForeignOriginError` for a URL outside `baseUrl`'s origin (nothing is sent);
 * - ky's `HTTPError` for other error statuses, including a 401 that persists after the renewal.
 *
 * @example
 * ```ts
 * const auth = await createKindeAuth({ domain, clientId, redirectUri, audience: 'https://api.myapp.com' });
 * const api = createApiClient({ baseUrl: 'https://api.myapp.com/', audience: 'https://api.myapp.com', auth });
 * const books = await api.get('books').json<Book[]>();
 * ```
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const baseUrl = validateOptions(options);
  const {
    audience,
    auth,
    onUnauthenticated,
    allowInsecureHttp: _allowInsecureHttp,
    expiryLeewaySeconds = 10,
    fetch,
    hooks,
    ...kyOptions
  } = options;
  const tokens = new TokenManager({
    source: auth,
    audience,
    origin: baseUrl.origin,
    leewaySeconds: expiryLeewaySeconds,
    onUnauthenticated,
  });
  const authFetch = createAuthFetch({ tokens, origin: baseUrl.origin, fetch });

  const client = ky.create({
    ...kyOptions,
    baseUrl: baseUrl.href,
    fetch: authFetch,
    hooks: {
      ...hooks,
      beforeError: [
        ...(hooks?.beforeError ?? []),
        ({ error }) => {
          if (!isHTTPError(error) || error.response.status !== 403) return error;
          const challenge = parseBearerChallenge(error.response.headers.get('www-authenticate'));
          if (challenge?.error !== 'insufficient_scope') return error;
          return new InsufficientScopeError(challenge.scope, error.request, error.response, { cause: error });
        },
      ],
    },
  });
  return keepAuthLayer(client, authFetch);
}
