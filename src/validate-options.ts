import { ConfigurationError } from './errors.js';
import type { ApiClientOptions, TokenSource } from './options.js';

const loopbackHost = /^(localhost|.+\.localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** Checks the auth options at construction, so a mistake fails on the first line rather than as a 401. */
export function validateOptions(options: ApiClientOptions | undefined): URL {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigurationError(
      'createApiClient needs an options object: createApiClient({ baseUrl, audience, auth }).',
    );
  }
  const baseUrl = parseBaseUrl(options.baseUrl, options.allowInsecureHttp === true);
  const { audience, auth, onUnauthenticated, expiryLeewaySeconds } = options;
  if (typeof audience !== 'string' || audience.trim() === '') {
    throw new ConfigurationError(
      'createApiClient: `audience` is required: pass the audience of the API as registered in Kinde ' +
        '(Settings → APIs), e.g. { audience: "https://api.myapp.com" }. Without it tokens are not minted for your API.',
    );
  }
  if (/\s/.test(audience)) {
    throw new ConfigurationError(
      `createApiClient: \`audience\` must be a single API audience, got "${audience}". ` +
        'Create one client per API; list all of them only when signing in (createKindeAuth({ audience: [...] })).',
    );
  }
  if (!isThenable(auth)) assertTokenSource(auth);
  if (onUnauthenticated !== undefined && typeof onUnauthenticated !== 'function') {
    throw new ConfigurationError('createApiClient: `onUnauthenticated` must be a function when given.');
  }
  if (
    expiryLeewaySeconds !== undefined &&
    (typeof expiryLeewaySeconds !== 'number' || !(expiryLeewaySeconds >= 0))
  ) {
    throw new ConfigurationError('createApiClient: `expiryLeewaySeconds` must be a number of seconds ≥ 0.');
  }
  assertNoAuthorizationHeader(options.headers, 'createApiClient');
  const retry = options.retry;
  if (typeof retry === 'object' && retry?.statusCodes?.includes(401)) {
    throw new ConfigurationError(
      'createApiClient: remove 401 from `retry.statusCodes`. The client already renews the token and ' +
        'retries a 401 exactly once; a transport retry on 401 would resend rejected tokens.',
    );
  }
  if ('prefixUrl' in options) {
    throw new ConfigurationError('createApiClient: use `baseUrl` (ky 2 renamed `prefixUrl`).');
  }
  return baseUrl;
}

/** Throws unless `value` has the two TokenSource methods. Also run on the value a promised source yields. */
export function assertTokenSource(value: unknown): asserts value is TokenSource {
  const source = value as Partial<TokenSource> | null | undefined;
  if (
    typeof source !== 'object' ||
    source === null ||
    typeof source.getAccessToken !== 'function' ||
    typeof source.refreshAccessToken !== 'function'
  ) {
    throw new ConfigurationError(
      'createApiClient: `auth` is required and must have getAccessToken() and refreshAccessToken(): ' +
        'pass createKindeAuth({ … }) (or its promise) or your own TokenSource.',
    );
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === 'function';
}

/** The client owns the Authorization header; a second one set by the caller would be silently replaced. */
export function assertNoAuthorizationHeader(headers: unknown, where: string): void {
  if (headers === undefined || headers === null) return;
  let has = false;
  try {
    has =
      headers instanceof Headers
        ? headers.has('authorization')
        : new Headers(headers as HeadersInit).has('authorization');
  } catch {
    return; // ky reports malformed headers itself
  }
  if (has) {
    throw new ConfigurationError(
      `${where}: do not set an Authorization header; the client sets "Authorization: Bearer …" itself ` +
        'with a token for the configured audience.',
    );
  }
}

function parseBaseUrl(value: unknown, allowInsecureHttp: boolean): URL {
  if (value === undefined || value === null || value === '') {
    throw new ConfigurationError(
      'createApiClient: `baseUrl` is required: the absolute URL of your API, e.g. { baseUrl: "https://api.myapp.com/" }.',
    );
  }
  if (typeof value !== 'string' && !(value instanceof URL)) {
    throw new ConfigurationError('createApiClient: `baseUrl` must be a string or URL.');
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigurationError(
      `createApiClient: \`baseUrl\` must be an absolute URL like "https://api.myapp.com/", got "${String(value)}". ` +
        'Relative base URLs would make the token follow whatever page the app is on.',
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigurationError(
      `createApiClient: \`baseUrl\` must use https: (or http: on localhost), got "${url.protocol}".`,
    );
  }
  if (url.username || url.password) {
    throw new ConfigurationError('createApiClient: `baseUrl` must not contain credentials (user:password@).');
  }
  if (url.protocol === 'http:' && !loopbackHost.test(url.hostname) && !allowInsecureHttp) {
    throw new ConfigurationError(
      `createApiClient: refusing plain http:// for ${url.host}: access tokens would travel unencrypted. ` +
        'Use https://, or pass { allowInsecureHttp: true } for a trusted internal network.',
    );
  }
  return url;
}
