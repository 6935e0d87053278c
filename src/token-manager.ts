import { AudienceMismatchError, NotAuthenticatedError } from './errors.js';
import { type AccessTokenClaims, audienceOf, isExpired, readClaims } from './jwt.js';
import type { TokenSource } from './options.js';
import { assertTokenSource } from './validate-options.js';

interface Renewal {
  /** The token this renewal replaces. */
  readonly from: string;
  readonly promise: Promise<string>;
  /** When it failed, if it did: later calls with the same token reuse the failure for a while. */
  failedAt: number | undefined;
}

/**
 * A failed renewal answers every later request for the same token for this long, so a dead session does not
 * hit the token endpoint on every call; after it, a new attempt may succeed (e.g. the network came back).
 */
const RETRY_FAILED_RENEWAL_AFTER_MS = 10_000;

/**
 * Hands out tokens for one audience and renews them at most once per failed token, however many requests
 * ask at the same time. All token decisions live here; `authFetch` only moves requests.
 */
export class TokenManager {
  readonly #input: TokenSource | PromiseLike<TokenSource>;
  /** Set once the (possibly promised) source is known; until then calls wait on `#pending`. */
  #source: TokenSource | undefined;
  #pending: Promise<TokenSource> | undefined;
  readonly #audience: string;
  readonly #origin: string;
  readonly #leewaySeconds: number;
  readonly #onUnauthenticated: ((error: NotAuthenticatedError) => void) | undefined;
  /** The latest renewal. Kept after it settles, so a late 401 for the replaced token reuses its result. */
  #renewal: Renewal | undefined;
  /** The last renewed token the API rejected, so a burst of such 401s notifies once. */
  #rejected: string | undefined;
  /** The last token decoded: tokens change rarely, requests often, so decode each token once. */
  #decoded: { token: string; claims: AccessTokenClaims | undefined } | undefined;

  constructor(options: {
    source: TokenSource | PromiseLike<TokenSource>;
    audience: string;
    origin: string;
    leewaySeconds: number;
    onUnauthenticated: ((error: NotAuthenticatedError) => void) | undefined;
  }) {
    this.#input = options.source;
    this.#audience = options.audience;
    this.#origin = options.origin;
    this.#leewaySeconds = options.leewaySeconds;
    this.#onUnauthenticated = options.onUnauthenticated;
  }

  /** A token to send now: current, not expired, for this audience. */
  async current(request: Request): Promise<string> {
    const source = this.#source ?? (await this.#resolveSource());
    let token: string | null | undefined;
    try {
      token = await source.getAccessToken();
    } catch (cause) {
      throw new NotAuthenticatedError(
        'signed-out',
        this.#message('the token source failed to provide a token'),
        {
          cause,
          request,
        },
      );
    }
    if (!token) {
      throw new NotAuthenticatedError(
        'signed-out',
        this.#message('nobody is signed in (the token source returned no access token); nothing was sent'),
        { request },
      );
    }
    if (isExpired(this.#claims(token), Date.now(), this.#leewaySeconds)) {
      token = await this.#renew(token, request);
    }
    this.#checkAudience(token);
    return token;
  }

  /**
   * A token to use instead of `failed`, which the API rejected. When the source already has a different,
   * unexpired token (another request renewed it), that one is used without refreshing. Concurrent callers
   * for the same failed token share one renewal.
   */
  async replacement(failed: string, request: Request): Promise<string> {
    const token = await this.#renew(failed, request);
    this.#checkAudience(token);
    return token;
  }

  #renew(failed: string, request: Request): Promise<string> {
    const previous = this.#renewal;
    const reusable =
      previous?.from === failed &&
      (previous.failedAt === undefined || Date.now() - previous.failedAt < RETRY_FAILED_RENEWAL_AFTER_MS);
    if (reusable) return previous.promise;
    const renewal: Renewal = {
      from: failed,
      promise: this.#runRenewal(failed, request),
      failedAt: undefined,
    };
    // Rejections reach every waiting caller; this handler only records when the renewal failed.
    renewal.promise.catch(() => {
      renewal.failedAt = Date.now();
    });
    this.#renewal = renewal;
    return renewal.promise;
  }

  /** The API rejected `token` even though it was just renewed: the session is unusable. */
  rejected(token: string, request: Request, response: Response): void {
    if (this.#rejected === token) return;
    this.#rejected = token;
    this.#notify(
      new NotAuthenticatedError(
        'token-rejected',
        this.#message(`the API answered 401 again after the token was renewed (${request.method} request)`),
        { request, response },
      ),
    );
  }

  async #runRenewal(failed: string, request: Request): Promise<string> {
    const source = this.#source ?? (await this.#resolveSource());
    try {
      const current = await source.getAccessToken();
      if (
        current &&
        current !== failed &&
        !isExpired(this.#claims(current), Date.now(), this.#leewaySeconds)
      ) {
        return current;
      }
    } catch {
      // The source could not answer; a forced refresh below decides.
    }
    let fresh: string | null | undefined;
    let cause: unknown;
    try {
      fresh = await source.refreshAccessToken();
    } catch (error) {
      cause = error;
    }
    if (!fresh) {
      const error = new NotAuthenticatedError(
        'refresh-failed',
        this.#message(
          cause === undefined
            ? 'renewing the access token failed (the refresh returned no token)'
            : 'renewing the access token failed (the refresh threw; see `cause`)',
        ),
        { cause, request },
      );
      this.#notify(error);
      throw error;
    }
    return fresh;
  }

  #resolveSource(): Promise<TokenSource> {
    this.#pending ??= Promise.resolve(this.#input).then((source) => {
      assertTokenSource(source);
      this.#source = source;
      return source;
    });
    return this.#pending;
  }

  #claims(token: string): AccessTokenClaims | undefined {
    if (this.#decoded?.token !== token) this.#decoded = { token, claims: readClaims(token) };
    return this.#decoded.claims;
  }

  #checkAudience(token: string): void {
    const claims = this.#claims(token);
    if (!claims) return; // opaque tokens: only the API can judge them
    const audiences = audienceOf(claims);
    if (!audiences.includes(this.#audience)) {
      throw new AudienceMismatchError(this.#audience, audiences, this.#origin);
    }
  }

  #notify(error: NotAuthenticatedError): void {
    try {
      this.#onUnauthenticated?.(error);
    } catch (callbackError) {
      // A throwing callback must not replace the error every waiting request gets; report it on its own.
      queueMicrotask(() => {
        throw callbackError;
      });
    }
  }

  #message(what: string): string {
    return `Not authenticated for ${this.#origin}: ${what}. Sign in again (e.g. auth.login()).`;
  }
}
