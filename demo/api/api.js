// @ts-check
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { createRemoteJWKSet, decodeJwt, errors, jwtVerify } from 'jose';
import { listen } from '../lib/listen.js';

/**
 * The bookstore API: the reference back end for an SPA that calls its own API with Kinde access tokens.
 * Copy `requireKindeToken` and `requirePermission` into your own Hono app; everything else is the demo.
 */

/**
 * @typedef {object} ApiLogEntry
 * @property {number} at
 * @property {string} method
 * @property {string} path
 * @property {number} status
 * @property {boolean} hasBearer Whether an `Authorization: Bearer …` header was sent (the token itself is never logged).
 * @property {string} [jti] From the (unverified) token, to tell tokens apart in tests.
 * @property {string} [sub]
 * @property {string} [body] The raw request body, to check that a replayed request is identical.
 * @property {string} [wwwAuthenticate]
 */

/**
 * @typedef {{ sub: string, permissions?: string[], aud?: string[] } & import('jose').JWTPayload} KindeAccessToken
 * @typedef {{ Variables: { token: KindeAccessToken } }} AuthEnv
 */

/** @param {string} text */
const quoted = (text) => `"${text.replace(/["\\]/g, '')}"`;

/**
 * Verifies the Kinde access token of every request: RS256 signature against the issuer's JWKS, `iss`,
 * `aud` (this API's audience, as registered in Kinde), `exp`. Answers 401 with an RFC 6750 challenge.
 *
 * @param {{ issuerUrl: string, audience: string, isRevoked?: (token: KindeAccessToken) => boolean | Promise<boolean> }} options
 * @returns {import('hono').MiddlewareHandler<AuthEnv>}
 */
export function requireKindeToken({ issuerUrl, audience, isRevoked }) {
  const issuer = issuerUrl.replace(/\/+$/, '');
  // Kinde serves its keys at /.well-known/jwks (no .json). jose caches them and refetches on an unknown kid.
  const jwks = createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks`));

  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i.exec(header);
    if (!match?.[1]) {
      // No credentials: a bare challenge, no error code (RFC 6750 §3.1).
      return c.json(
        { error: 'unauthorized', message: 'Send an access token: Authorization: Bearer <token>' },
        401,
        {
          'WWW-Authenticate': 'Bearer',
        },
      );
    }
    /** @param {string} description */
    const invalid = (description) =>
      c.json({ error: 'invalid_token', message: description }, 401, {
        'WWW-Authenticate': `Bearer error="invalid_token", error_description=${quoted(description)}`,
      });
    try {
      const { payload } = await jwtVerify(match[1], jwks, { issuer, audience, algorithms: ['RS256'] });
      const token = /** @type {KindeAccessToken} */ (payload);
      if (isRevoked && (await isRevoked(token))) return invalid('The access token has been revoked');
      c.set('token', token);
    } catch (error) {
      if (error instanceof errors.JWTExpired) return invalid('The access token expired');
      if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'aud') {
        return invalid(`The access token is not for this API: its audience does not include ${audience}`);
      }
      if (error instanceof errors.JWTClaimValidationFailed)
        return invalid(`The access token's ${error.claim} claim is invalid`);
      return invalid('The access token could not be verified');
    }
    await next();
  };
}

/**
 * Requires a Kinde permission (the `permissions` claim); answers 403 `insufficient_scope` otherwise.
 *
 * @param {string} permission
 * @returns {import('hono').MiddlewareHandler<AuthEnv>}
 */
export function requirePermission(permission) {
  return async (c, next) => {
    if (!c.get('token').permissions?.includes(permission)) {
      return c.json(
        {
          error: 'insufficient_scope',
          message: `This needs the ${permission} permission`,
          scope: [permission],
        },
        403,
        {
          'WWW-Authenticate': `Bearer error="insufficient_scope", scope=${quoted(permission)}`,
        },
      );
    }
    await next();
  };
}

/** @typedef {{ id: number, title: string, author: string, addedBy?: string }} Book */

/** @type {Book[]} */
const seedBooks = [
  { id: 1, title: 'The Left Hand of Darkness', author: 'Ursula K. Le Guin' },
  { id: 2, title: 'Kindred', author: 'Octavia E. Butler' },
  { id: 3, title: 'Piranesi', author: 'Susanna Clarke' },
];

/**
 * @param {{ issuerUrl: string, audience: string, corsOrigin: string | string[], isRevoked?: (token: KindeAccessToken) => boolean | Promise<boolean>, books?: Book[] }} options
 */
export function createApiApp({
  issuerUrl,
  audience,
  corsOrigin,
  isRevoked,
  books = structuredClone(seedBooks),
}) {
  /** @type {ApiLogEntry[]} */
  const requestLog = [];
  /** @type {Hono<AuthEnv>} */
  const app = new Hono();

  app.use('*', async (c, next) => {
    /** @type {ApiLogEntry} */
    const entry = {
      at: Date.now(),
      method: c.req.method,
      path: new URL(c.req.url).pathname,
      status: 0,
      hasBearer: false,
    };
    const bearer = /^Bearer +(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (bearer) {
      entry.hasBearer = true;
      try {
        const { jti, sub } = decodeJwt(bearer);
        if (jti) entry.jti = jti;
        if (sub) entry.sub = sub;
      } catch {
        // not a JWT: the verifier answers 401; the log just has no jti
      }
    }
    if (c.req.method !== 'GET' && c.req.method !== 'OPTIONS') entry.body = await c.req.text();
    await next();
    entry.status = c.res.status;
    const challenge = c.res.headers.get('www-authenticate');
    if (challenge) entry.wwwAuthenticate = challenge;
    if (c.req.method !== 'OPTIONS') requestLog.push(entry);
  });

  app.use(
    '*',
    cors({
      origin: corsOrigin,
      allowMethods: ['GET', 'POST', 'OPTIONS'],
      allowHeaders: ['Authorization', 'Content-Type'],
      // Without this, the browser hides the challenge and the client cannot tell an expired token from a missing permission.
      exposeHeaders: ['WWW-Authenticate'],
      maxAge: 600,
    }),
  );

  app.get('/health', (c) => c.json({ ok: true }));

  app.use('/books', requireKindeToken({ issuerUrl, audience, ...(isRevoked ? { isRevoked } : {}) }));

  app.get('/books', (c) => c.json(books));

  app.post('/books', requirePermission('create:books'), async (c) => {
    /** @type {unknown} */
    let input;
    try {
      input = await c.req.json();
    } catch {
      return c.json({ error: 'invalid_request', message: 'Send a JSON body' }, 400);
    }
    const { title, author } = /** @type {{ title?: unknown, author?: unknown }} */ (input ?? {});
    if (typeof title !== 'string' || !title.trim() || typeof author !== 'string' || !author.trim()) {
      return c.json({ error: 'invalid_request', message: 'A book needs a title and an author' }, 400);
    }
    const book = {
      id: Math.max(0, ...books.map((b) => b.id)) + 1,
      title: title.trim(),
      author: author.trim(),
      addedBy: c.get('token').sub,
    };
    books.push(book);
    return c.json(book, 201);
  });

  return { app, requestLog, books };
}

/**
 * @param {{ port?: number, host?: string, issuerUrl: string, audience: string, corsOrigin: string | string[], isRevoked?: (token: KindeAccessToken) => boolean | Promise<boolean>, books?: Book[] }} options
 */
export async function startApi({ port = 0, host = '127.0.0.1', ...options }) {
  const { app, requestLog, books } = createApiApp(options);
  const server = await listen(app.fetch, { port, host });
  return {
    url: server.url,
    close: server.close,
    requestLog,
    books,
    clearLog: () => {
      requestLog.length = 0;
    },
  };
}

/** @typedef {Awaited<ReturnType<typeof startApi>>} Api */
