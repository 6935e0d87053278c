// @ts-check
import { createHash, randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { listen } from '../lib/listen.js';
import { avatarSvg, signInPage } from './pages.js';
import { createTokenMinter } from './tokens.js';
import { defaultUsers, findUser } from './users.js';

/** @typedef {import('./users.js').DemoUser} DemoUser */

/**
 * One line of the issuer's request log. Tokens are never logged; only what tests assert on.
 *
 * @typedef {object} IssuerLogEntry
 * @property {number} at Milliseconds since the epoch.
 * @property {string} method
 * @property {string} path
 * @property {number} status
 * @property {string} [origin]
 * @property {string} [grantType] Token endpoint only.
 * @property {string} [clientId]
 * @property {string} [audience] The raw `audience` parameter of an authorize request.
 * @property {string} [scope]
 * @property {string} [user] Email of the user a code or token was issued to.
 * @property {string} [error] OAuth error code of a failed request.
 * @property {string} [accessTokenJti] jti of the access token a token response carried.
 */

/**
 * @typedef {object} IssuerOptions
 * @property {number} [port] 0 picks a free port.
 * @property {string} [host]
 * @property {string} [publicUrl] The URL browsers and APIs use, if not `http://host:port` (also the `iss` claim).
 * @property {number} [accessTokenTtl] Seconds. At least 40: pkce-js refreshes at `expires_in - 10 s` and its
 *   timer loops forever when that is not positive.
 * @property {boolean} [testControls] Enables `/test/*` endpoints (revocation, failure injection, request log).
 * @property {DemoUser[]} [users]
 * @property {string | false} [autoApprove] Email or id of a user to sign in without showing the picker.
 * @property {string[]} [enabledAudiences] APIs enabled for the application. Like Kinde, requested audiences
 *   that are not enabled are silently left out of `aud` (so `aud` can be `[]`). Default: every requested one.
 */

/** @param {Buffer} bytes */
const base64url = (bytes) => bytes.toString('base64url');
const newSecret = () => base64url(randomBytes(32));
/** @param {string} uri */
const withoutTrailingSlash = (uri) => uri.replace(/\/+$/, '');
/** @param {string | null | undefined} value */
const splitList = (value) => (value ?? '').split(/\s+/).filter(Boolean);

/**
 * Starts a local OAuth 2.0 / OpenID Connect issuer that answers exactly what
 * `@kinde-oss/kinde-auth-pkce-js` asks of a Kinde domain: authorize with PKCE (S256), token endpoint with
 * rotating refresh tokens, JWKS at `/.well-known/jwks`, discovery, logout and CORS.
 *
 * @param {IssuerOptions} [options]
 */
export async function startIssuer({
  port = 0,
  host = '127.0.0.1',
  publicUrl,
  accessTokenTtl = 3600,
  testControls = false,
  users = defaultUsers,
  autoApprove = false,
  enabledAudiences,
} = {}) {
  if (!(accessTokenTtl >= 40)) {
    throw new RangeError(
      `accessTokenTtl must be at least 40 seconds (got ${accessTokenTtl}): pkce-js refreshes 10 s before expiry and loops when expires_in <= 10.`,
    );
  }

  /** @type {IssuerLogEntry[]} */
  const requestLog = [];
  /** @type {Map<string, { clientId: string, redirectUri: string, codeChallenge: string, audience: string[], scope: string[], nonce: string | undefined, user: DemoUser, authTime: number, expiresAt: number }>} */
  const codes = new Map();
  /** @type {Map<string, { clientId: string, audience: string[], scope: string[], user: DemoUser, authTime: number }>} */
  const refreshTokens = new Map();
  /** @type {Map<string, { sub: string, exp: number }>} */
  const issuedAccessTokens = new Map();
  /** @type {Set<string>} */
  const revokedJtis = new Set();
  let failNextRefreshes = 0;
  /** @type {string[] | undefined} */
  let enabled = enabledAudiences;

  // The URL is only known once listening (port 0), so the app reads it lazily.
  let issuerUrl = publicUrl ?? '';
  /** @type {Awaited<ReturnType<typeof createTokenMinter>> | undefined} */
  let minter;
  const getMinter = () => {
    if (!minter) throw new Error('issuer is not listening yet');
    return minter;
  };

  /**
   * @param {{ user: DemoUser, clientId: string, audience: string[], scope: string[], nonce?: string | undefined, authTime: number }} grant
   */
  async function issueTokens(grant) {
    const { signAccessToken, signIdToken } = getMinter();
    const accessToken = await signAccessToken({ ...grant, expiresIn: accessTokenTtl });
    const [, payload = ''] = accessToken.split('.');
    const { jti, exp } = JSON.parse(Buffer.from(payload, 'base64url').toString());
    issuedAccessTokens.set(jti, { sub: grant.user.id, exp });
    const refreshToken = newSecret();
    refreshTokens.set(refreshToken, {
      clientId: grant.clientId,
      audience: grant.audience,
      scope: grant.scope,
      user: grant.user,
      authTime: grant.authTime,
    });
    return {
      jti: /** @type {string} */ (jti),
      body: {
        access_token: accessToken,
        id_token: await signIdToken(grant),
        refresh_token: refreshToken,
        expires_in: accessTokenTtl,
        scope: grant.scope.join(' '),
        token_type: 'bearer',
      },
    };
  }

  /** @type {Hono<{ Variables: { log: IssuerLogEntry } }>} */
  const app = new Hono();

  app.use('*', async (c, next) => {
    const origin = c.req.header('origin');
    const path = new URL(c.req.url).pathname;
    /** @type {IssuerLogEntry} */
    const entry = { at: Date.now(), method: c.req.method, path, status: 0, ...(origin ? { origin } : {}) };
    c.set('log', entry);
    if (c.req.method === 'OPTIONS') {
      c.res = new Response(null, { status: 204 });
    } else {
      await next();
    }
    // CORS as Kinde answers it: the SPA's origin is reflected and credentials are allowed (cookie refresh mode).
    if (origin) {
      c.res.headers.set('Access-Control-Allow-Origin', origin);
      c.res.headers.set('Access-Control-Allow-Credentials', 'true');
      c.res.headers.append('Vary', 'Origin');
      if (c.req.method === 'OPTIONS') {
        c.res.headers.set('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
        c.res.headers.set('Access-Control-Allow-Headers', 'content-type, kinde-sdk, authorization');
        c.res.headers.set('Access-Control-Max-Age', '600');
      }
    }
    entry.status = c.res.status;
    if (!path.startsWith('/test/')) requestLog.push(entry);
  });

  app.get('/.well-known/openid-configuration', (c) =>
    c.json({
      issuer: issuerUrl,
      authorization_endpoint: `${issuerUrl}/oauth2/auth`,
      token_endpoint: `${issuerUrl}/oauth2/token`,
      jwks_uri: `${issuerUrl}/.well-known/jwks`,
      end_session_endpoint: `${issuerUrl}/logout`,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      code_challenge_methods_supported: ['S256'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['none'],
      scopes_supported: ['openid', 'profile', 'email', 'offline'],
      claims_supported: [
        'aud',
        'azp',
        'exp',
        'iat',
        'iss',
        'jti',
        'sub',
        'email',
        'given_name',
        'family_name',
        'name',
        'picture',
        'nonce',
      ],
    }),
  );

  app.get('/.well-known/jwks', (c) => c.json(getMinter().jwks));

  app.get('/avatars/:file', (c) => {
    const user = users.find((candidate) => `${candidate.id}.svg` === c.req.param('file'));
    if (!user) return c.notFound();
    return c.body(avatarSvg(user), 200, { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'max-age=3600' });
  });

  /**
   * Validates an authorize request and either shows the picker or redirects back with a code.
   *
   * @param {import('hono').Context<{ Variables: { log: IssuerLogEntry } }>} c
   * @param {URLSearchParams} params
   * @param {DemoUser | undefined} approvedUser
   */
  function authorize(c, params, approvedUser) {
    const log = c.get('log');
    const redirectUri = params.get('redirect_uri') ?? '';
    const clientId = params.get('client_id') ?? '';
    log.clientId = clientId;
    const audience = params.get('audience');
    const scope = params.get('scope');
    if (audience !== null) log.audience = audience;
    if (scope !== null) log.scope = scope;
    let redirect;
    try {
      redirect = new URL(redirectUri);
    } catch {
      // Never redirect to something we could not parse: show the error instead.
      log.error = 'invalid_request';
      return c.text('invalid_request: redirect_uri is missing or not an absolute URL', 400);
    }
    // `state` goes back byte for byte: pkce-js compares it with what it stored.
    const state = params.get('state');
    /** @param {string} error @param {string} description */
    const fail = (error, description) => {
      log.error = error;
      redirect.searchParams.set('error', error);
      redirect.searchParams.set('error_description', description);
      if (state !== null) redirect.searchParams.set('state', state);
      return c.redirect(redirect.toString(), 302);
    };
    if (!clientId) return fail('invalid_request', 'client_id is required');
    if (params.get('response_type') !== 'code')
      return fail('unsupported_response_type', 'Only response_type=code is supported');
    if (!params.get('code_challenge')) return fail('invalid_request', 'PKCE code_challenge is required');
    if (params.get('code_challenge_method') !== 'S256')
      return fail('invalid_request', 'code_challenge_method must be S256');

    const user =
      approvedUser ??
      findUser(users, params.get('login_hint')) ??
      (autoApprove ? findUser(users, autoApprove) : undefined);
    if (!user) {
      return c.html(signInPage({ users, params, register: params.get('prompt') === 'create' }));
    }
    log.user = user.email;
    const code = newSecret();
    codes.set(code, {
      clientId,
      redirectUri,
      codeChallenge: /** @type {string} */ (params.get('code_challenge')),
      audience: splitList(params.get('audience')).filter(
        (audience) => !enabled || enabled.includes(audience),
      ),
      scope: splitList(params.get('scope') ?? 'openid profile email offline'),
      nonce: params.get('nonce') ?? undefined,
      user,
      authTime: Math.floor(Date.now() / 1000),
      expiresAt: Date.now() + 5 * 60_000,
    });
    redirect.searchParams.set('code', code);
    if (state !== null) redirect.searchParams.set('state', state);
    return c.redirect(redirect.toString(), 302);
  }

  app.get('/oauth2/auth', (c) => authorize(c, new URL(c.req.url).searchParams, undefined));

  app.post('/oauth2/auth/approve', async (c) => {
    const form = new URLSearchParams(await c.req.text());
    const user = findUser(users, form.get('user'));
    form.delete('user');
    if (!user) return c.text('Unknown user', 400);
    return authorize(c, form, user);
  });

  app.post('/oauth2/token', async (c) => {
    const log = c.get('log');
    const form = new URLSearchParams(await c.req.text());
    const grantType = form.get('grant_type') ?? '';
    const clientId = form.get('client_id') ?? '';
    log.grantType = grantType;
    log.clientId = clientId;
    /** @param {string} error @param {string} description */
    const reject = (error, description, status = 400) => {
      log.error = error;
      return c.json({ error, error_description: description }, /** @type {400 | 401} */ (status));
    };

    if (grantType === 'authorization_code') {
      const code = form.get('code') ?? '';
      const grant = codes.get(code);
      codes.delete(code); // single use, even when the exchange below fails
      if (!grant || grant.expiresAt < Date.now())
        return reject('invalid_grant', 'Unknown, used or expired code');
      if (grant.clientId !== clientId)
        return reject('invalid_grant', 'The code was issued to another client');
      if (withoutTrailingSlash(grant.redirectUri) !== withoutTrailingSlash(form.get('redirect_uri') ?? '')) {
        return reject('invalid_grant', 'redirect_uri does not match the authorize request');
      }
      const verifier = form.get('code_verifier') ?? '';
      const challenge = base64url(createHash('sha256').update(verifier).digest());
      if (!verifier || challenge !== grant.codeChallenge)
        return reject('invalid_grant', 'PKCE verification failed');
      log.user = grant.user.email;
      const { jti, body } = await issueTokens(grant);
      log.accessTokenJti = jti;
      return c.json(body, 200, { 'Cache-Control': 'no-store' });
    }

    if (grantType === 'refresh_token') {
      const token = form.get('refresh_token') ?? '';
      const grant = refreshTokens.get(token);
      if (failNextRefreshes > 0) {
        failNextRefreshes -= 1;
        return reject('invalid_grant', 'Refresh failure injected by the test controls');
      }
      if (!grant) return reject('invalid_grant', 'Unknown, used or revoked refresh token');
      if (grant.clientId !== clientId)
        return reject('invalid_grant', 'The refresh token was issued to another client');
      // Rotation, as Kinde does: a refresh token works once.
      refreshTokens.delete(token);
      log.user = grant.user.email;
      const { jti, body } = await issueTokens(grant);
      log.accessTokenJti = jti;
      return c.json(body, 200, { 'Cache-Control': 'no-store' });
    }

    return reject('unsupported_grant_type', `grant_type ${JSON.stringify(grantType)} is not supported`);
  });

  app.get('/logout', (c) => {
    const redirect = c.req.query('redirect');
    if (redirect && /^https?:\/\//.test(redirect)) return c.redirect(redirect, 302);
    return c.text('Signed out.');
  });

  /** Revokes every access token issued so far; an API consulting `isRevoked` then answers 401. */
  const revokeAccessTokens = () => {
    for (const jti of issuedAccessTokens.keys()) revokedJtis.add(jti);
    return [...revokedJtis];
  };
  const revokeRefreshTokens = () => {
    const count = refreshTokens.size;
    refreshTokens.clear();
    return count;
  };
  const failNextRefresh = (times = 1) => {
    failNextRefreshes += times;
  };
  /**
   * Which APIs are enabled for the application from now on (`undefined`: all), to reproduce Kinde's `aud: []`
   * for an API that was not enabled for the app.
   *
   * @param {string[] | undefined} audiences
   */
  const setEnabledAudiences = (audiences) => {
    enabled = audiences;
  };
  /** @param {string | undefined} jti */
  const isRevoked = (jti) => jti !== undefined && revokedJtis.has(jti);

  /**
   * Mints an access token directly, for tests that need a token the browser would never get
   * (another audience, already expired).
   *
   * @param {{ user?: string, clientId?: string, audience?: string[], scope?: string[], expiresIn?: number, now?: number }} [options]
   */
  const mintAccessToken = ({
    user = users[0]?.email,
    clientId = 'spa@live',
    audience = [],
    scope = ['openid', 'profile', 'email', 'offline'],
    expiresIn = accessTokenTtl,
    now,
  } = {}) => {
    const found = findUser(users, user);
    if (!found) throw new Error(`Unknown user ${user}`);
    return getMinter().signAccessToken({
      user: found,
      clientId,
      audience,
      scope,
      expiresIn,
      ...(now === undefined ? {} : { now }),
    });
  };

  if (testControls) {
    app.get('/test/log', (c) => c.json(requestLog));
    app.delete('/test/log', (c) => {
      requestLog.length = 0;
      return c.body(null, 204);
    });
    app.post('/test/revoke-access-tokens', (c) => c.json({ revokedJtis: revokeAccessTokens() }));
    app.post('/test/revoke-refresh-tokens', (c) => c.json({ revoked: revokeRefreshTokens() }));
    app.post('/test/fail-next-refresh', (c) => {
      failNextRefresh(Number(c.req.query('times') ?? 1));
      return c.body(null, 204);
    });
    app.get('/test/revoked-jtis', (c) => c.json([...revokedJtis]));
    app.post('/test/mint', async (c) => {
      const { user, audience } = await c.req.json();
      return c.json({ access_token: await mintAccessToken({ user, audience }) });
    });
  }

  const server = await listen(app.fetch, { port, host });
  issuerUrl ||= server.url;
  minter = await createTokenMinter({ issuerUrl });

  return {
    /** The issuer URL: use it as Kinde `domain` in the SPA and as `issuer` in the API. */
    url: issuerUrl,
    close: server.close,
    users,
    /** Live request log (never includes `/test/*` calls). */
    requestLog,
    clearLog: () => {
      requestLog.length = 0;
    },
    isRevoked,
    revokeAccessTokens,
    revokeRefreshTokens,
    failNextRefresh,
    setEnabledAudiences,
    mintAccessToken,
  };
}

/** @typedef {Awaited<ReturnType<typeof startIssuer>>} Issuer */
