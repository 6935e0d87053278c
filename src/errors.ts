/**
 * Every error this package throws extends {@link ApiClientError}, has a literal `name` (stable across
 * bundles and realms) and a stable `code` you can `switch` on. Messages never contain a token.
 */
export class ApiClientError extends Error {
  /** Stable machine-readable code, e.g. `ERR_NOT_AUTHENTICATED`. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ApiClientError';
    this.code = code;
  }
}

/** Why a request could not be authenticated. */
export type NotAuthenticatedReason =
  /** The token source had no token: nobody is signed in. Nothing was sent. */
  | 'signed-out'
  /** Renewing the token failed (the refresh rejected or yielded no token). */
  | 'refresh-failed'
  /** The API rejected a freshly renewed token with another 401. */
  | 'token-rejected';

/**
 * The user has no usable session for this API: signed out, the refresh failed, or the API still rejects
 * a freshly renewed token. Send the user to sign in again.
 *
 * @example
 * ```ts
 * try { await api.get('books').json(); }
 * catch (error) { if (isNotAuthenticatedError(error)) await auth.login(); else throw error; }
 * ```
 */
export class NotAuthenticatedError extends ApiClientError {
  override readonly name = 'NotAuthenticatedError' as const;
  /** What went wrong; see {@link NotAuthenticatedReason}. */
  readonly reason: NotAuthenticatedReason;
  /** The request that could not be authenticated, when there was one. */
  readonly request: Request | undefined;
  /** The API's final 401 response, for `reason: 'token-rejected'`. */
  readonly response: Response | undefined;

  constructor(
    reason: NotAuthenticatedReason,
    message: string,
    options: { cause?: unknown; request?: Request | undefined; response?: Response | undefined } = {},
  ) {
    super('ERR_NOT_AUTHENTICATED', message, { cause: options.cause });
    this.reason = reason;
    this.request = options.request;
    this.response = options.response;
  }
}

/**
 * The access token is a JWT whose `aud` claim does not name the configured API audience, so the API would
 * reject it. Raised before anything is sent. This is a configuration problem, not an expired session:
 * pass `audience` when signing in, and register the API in Kinde and enable it for the application.
 */
export class AudienceMismatchError extends ApiClientError {
  override readonly name = 'AudienceMismatchError' as const;
  /** The audience the client was configured with. */
  readonly expected: string;
  /** The token's `aud` values (never the token itself). */
  readonly actual: readonly string[];

  constructor(expected: string, actual: readonly string[], apiOrigin: string) {
    const had = actual.length === 0 ? 'no audience at all (aud: [])' : `aud ${JSON.stringify(actual)}`;
    super(
      'ERR_AUDIENCE_MISMATCH',
      `The access token for ${apiOrigin} is not valid for audience "${expected}": the token has ${had}, ` +
        `so the API would reject it with 401. Fix: pass { audience: "${expected}" } when signing in ` +
        `(createKindeAuth / createKindeClient), and in Kinde register an API with this audience and enable ` +
        'it for this application (Settings → APIs → your API → Applications). Then sign in again.',
    );
    this.expected = expected;
    this.actual = actual;
  }
}

/**
 * The API answered `403` with `WWW-Authenticate: Bearer error="insufficient_scope"`: the token is valid but
 * lacks a permission. Refreshing would not help, so the client does not refresh.
 */
export class InsufficientScopeError extends ApiClientError {
  override readonly name = 'InsufficientScopeError' as const;
  /** Scopes/permissions the API said it requires (from the challenge's `scope` parameter); may be empty. */
  readonly scope: readonly string[];
  /** The refused request. The client removes its Authorization header after sending, so it is safe to log. */
  readonly request: Request;
  /** The API's 403 response. */
  readonly response: Response;

  constructor(scope: readonly string[], request: Request, response: Response, options?: { cause?: unknown }) {
    const needed =
      scope.length > 0 ? `requires ${scope.map((s) => `"${s}"`).join(', ')}` : 'requires more scope';
    super(
      'ERR_INSUFFICIENT_SCOPE',
      `${request.method} ${describeUrl(request.url)} was refused (403 insufficient_scope): the API ${needed}. ` +
        'Grant the permission to the user (or their role) in Kinde, then sign in again to get a new token.',
      options,
    );
    this.scope = scope;
    this.request = request;
    this.response = response;
  }
}

/**
 * A call targeted an origin other than the configured `baseUrl`'s. The client refuses such calls so the
 * token never leaves the API it was issued for. Use a separate client (or plain `fetch`) for other hosts.
 */
export class ForeignOriginError extends ApiClientError {
  override readonly name = 'ForeignOriginError' as const;
  /** The origin the call targeted. */
  readonly origin: string;
  /** The only origin this client sends requests to. */
  readonly allowedOrigin: string;

  constructor(origin: string, allowedOrigin: string) {
    super(
      'ERR_FOREIGN_ORIGIN',
      `Refused to send a request to ${origin}: this API client only talks to ${allowedOrigin}, so its access ` +
        'token never reaches another host. Use a relative path, or another client for other origins.',
    );
    this.origin = origin;
    this.allowedOrigin = allowedOrigin;
  }
}

/**
 * A request had to be retried after a token refresh, but its body could not be kept for the replay.
 * Raised instead of silently sending an empty body.
 */
export class BodyNotReplayableError extends ApiClientError {
  override readonly name = 'BodyNotReplayableError' as const;
  /** The request that needed a retry, without its Authorization header. */
  readonly request: Request;
  /** The API's 401 response to the first attempt. */
  readonly response: Response;

  constructor(request: Request, response: Response, options?: { cause?: unknown }) {
    super(
      'ERR_BODY_NOT_REPLAYABLE',
      `${request.method} ${describeUrl(request.url)} got 401 and needs a retry with a renewed token, but its ` +
        'body could not be copied for the replay. Pass the body as a string, JSON, FormData, URLSearchParams, ' +
        'Blob or an unread stream so it can be sent again.',
      options,
    );
    this.request = request;
    this.response = response;
  }
}

/** Invalid options: thrown by `createApiClient` / `createKindeAuth`, or by a call whose options are invalid. */
export class ConfigurationError extends ApiClientError {
  override readonly name = 'ConfigurationError' as const;

  constructor(message: string) {
    super('ERR_INVALID_CONFIGURATION', message);
  }
}

/** URL without query or fragment: those may carry secrets and do not help diagnose auth failures. */
function describeUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

function hasName(error: unknown, name: string): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === name;
}

const errorNames = new Set([
  'ApiClientError',
  'NotAuthenticatedError',
  'AudienceMismatchError',
  'InsufficientScopeError',
  'ForeignOriginError',
  'BodyNotReplayableError',
  'ConfigurationError',
]);

/** True for any error thrown by this package. Works across bundles and realms (checks `name`). */
export function isApiClientError(error: unknown): error is ApiClientError {
  return (
    error instanceof ApiClientError ||
    (typeof error === 'object' &&
      error !== null &&
      errorNames.has(String((error as { name?: unknown }).name)))
  );
}

/** Type guard for {@link NotAuthenticatedError}. */
export function isNotAuthenticatedError(error: unknown): error is NotAuthenticatedError {
  return hasName(error, 'NotAuthenticatedError');
}

/** Type guard for {@link AudienceMismatchError}. */
export function isAudienceMismatchError(error: unknown): error is AudienceMismatchError {
  return hasName(error, 'AudienceMismatchError');
}

/** Type guard for {@link InsufficientScopeError}. */
export function isInsufficientScopeError(error: unknown): error is InsufficientScopeError {
  return hasName(error, 'InsufficientScopeError');
}

/** Type guard for {@link ForeignOriginError}. */
export function isForeignOriginError(error: unknown): error is ForeignOriginError {
  return hasName(error, 'ForeignOriginError');
}
