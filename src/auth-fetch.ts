import { abortable } from './abortable.js';
import { BodyNotReplayableError, ForeignOriginError } from './errors.js';
import type { TokenManager } from './token-manager.js';
import { assertNoAuthorizationHeader } from './validate-options.js';
import { isRenewableRejection } from './www-authenticate.js';

type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * Builds the `fetch` that ky calls for every attempt. It owns everything about the token: the origin check,
 * the Authorization header, and the single 401 → renew → retry. Living below ky keeps the auth retry out of
 * ky's retry budget (it happens with `retry: 0` too) and gives each ky retry a current token.
 */
export function createAuthFetch(options: {
  tokens: TokenManager;
  origin: string;
  fetch: Fetch | undefined;
}): Fetch {
  const { tokens, origin } = options;
  const originPrefix = `${origin}/`;
  const send: Fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  return async function authFetch(input, init) {
    const request = input instanceof Request ? input : new Request(input, init);
    // A serialized URL that starts with "<origin>/" has exactly that origin (userinfo or another host would
    // follow "://" directly); only a mismatch pays for parsing.
    if (!request.url.startsWith(originPrefix)) {
      throw new ForeignOriginError(new URL(request.url).origin, origin);
    }
    assertNoAuthorizationHeader(request.headers, `${request.method} ${origin}`);

    const { signal } = request;
    const token = await abortable(tokens.current(request), signal);
    // Keep a copy before the body is consumed, so a retry sends the same bytes (clone tees streams).
    // A request without a body can simply be sent again; cloning it on every call cost ~9 µs (BENCHMARKS.md).
    let replay: Request | undefined = request;
    let replayFailure: unknown;
    if (request.body !== null) {
      try {
        replay = request.clone();
      } catch (error) {
        replay = undefined;
        replayFailure = error;
      }
    }

    const response = await sendWithToken(send, request, token, init);
    if (response.status !== 401 || !isRenewableRejection(response.headers.get('www-authenticate'))) {
      return response;
    }

    let renewed: string;
    try {
      renewed = await abortable(tokens.replacement(token, request), signal);
    } catch (error) {
      await response.body?.cancel(); // free the connection of the 401 nobody will read
      throw error;
    }
    if (renewed === token) {
      // The source handed back the token the API just refused: retrying would only repeat the 401.
      tokens.rejected(token, request, response);
      return response;
    }
    if (!replay) {
      await response.body?.cancel();
      throw new BodyNotReplayableError(request, response, { cause: replayFailure });
    }
    await response.body?.cancel();
    const retried = await sendWithToken(send, replay, renewed, init);
    if (retried.status === 401) tokens.rejected(renewed, replay, retried);
    return retried;
  };
}

/**
 * Sends with the token, then takes it off the request again: ky and this package hand the request back on
 * errors (`error.request`), and logging an error must not print the token.
 */
async function sendWithToken(send: Fetch, request: Request, token: string, init?: RequestInit) {
  request.headers.set('authorization', `Bearer ${token}`);
  try {
    return await send(request, init);
  } finally {
    request.headers.delete('authorization');
  }
}
