import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Api, startApi } from '../../demo/api/api.js';
import { type Issuer, startIssuer } from '../../demo/issuer/issuer.js';
import { signIn } from './helpers.js';

const AUDIENCE = 'https://books.example/api';
const SPA_ORIGIN = 'http://localhost:5173';

let issuer: Issuer;
let api: Api;
beforeAll(async () => {
  issuer = await startIssuer({ testControls: true });
  api = await startApi({
    issuerUrl: issuer.url,
    audience: AUDIENCE,
    corsOrigin: SPA_ORIGIN,
    isRevoked: (token) => issuer.isRevoked(token.jti),
  });
});
afterAll(async () => {
  await api.close();
  await issuer.close();
});
beforeEach(() => api.clearLog());

const getBooks = (token?: string) =>
  fetch(new URL('/books', api.url), token ? { headers: { authorization: `Bearer ${token}` } } : {});
const postBook = (token: string, book: unknown) =>
  fetch(new URL('/books', api.url), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(book),
  });

describe('GET /books', () => {
  it('answers a verified token for this audience, and logs its jti but never the token', async () => {
    const token = await issuer.mintAccessToken({ audience: [AUDIENCE] });
    const response = await getBooks(token);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(
      expect.arrayContaining([expect.objectContaining({ title: 'Kindred' })]),
    );
    expect(api.requestLog).toEqual([
      expect.objectContaining({
        method: 'GET',
        path: '/books',
        status: 200,
        hasBearer: true,
        sub: expect.stringMatching(/^kp_/),
      }),
    ]);
    expect(JSON.stringify(api.requestLog)).not.toContain(token);
  });

  it('answers a bare Bearer challenge when no token is sent', async () => {
    const response = await getBooks();
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('rejects a token minted for another audience with invalid_token', async () => {
    const token = await issuer.mintAccessToken({ audience: ['https://other.example/api'] });
    const response = await getBooks(token);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(
      /^Bearer error="invalid_token", error_description="The access token is not for this API/,
    );
  });

  it('rejects a token with an empty aud, as Kinde issues when the API is not enabled for the app', async () => {
    const { access_token } = await signIn(issuer);
    expect((await getBooks(access_token)).status).toBe(401);
  });

  it('rejects an expired token', async () => {
    const token = await issuer.mintAccessToken({
      audience: [AUDIENCE],
      expiresIn: 60,
      now: Math.floor(Date.now() / 1000) - 3600,
    });
    const response = await getBooks(token);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain(
      'error_description="The access token expired"',
    );
  });

  it('rejects a token signed by another issuer, even with the right claims', async () => {
    const impostor = await startIssuer();
    try {
      const token = await impostor.mintAccessToken({ audience: [AUDIENCE] });
      const response = await getBooks(token);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
    } finally {
      await impostor.close();
    }
  });

  it('rejects garbage and revoked tokens', async () => {
    expect((await getBooks('not-a-jwt')).status).toBe(401);
    const { access_token } = await signIn(issuer, { audience: AUDIENCE });
    expect((await getBooks(access_token)).status).toBe(200);
    issuer.revokeAccessTokens();
    const response = await getBooks(access_token);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('revoked');
  });
});

describe('POST /books', () => {
  it('adds a book for a user with create:books', async () => {
    const token = await issuer.mintAccessToken({ user: 'alice@example.com', audience: [AUDIENCE] });
    const response = await postBook(token, { title: 'Parable of the Sower', author: 'Octavia E. Butler' });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({
      title: 'Parable of the Sower',
      addedBy: expect.stringMatching(/^kp_/),
    });
    expect(api.requestLog[0]?.body).toBe('{"title":"Parable of the Sower","author":"Octavia E. Butler"}');
  });

  it('answers 403 insufficient_scope naming the missing permission', async () => {
    const token = await issuer.mintAccessToken({ user: 'bob@example.com', audience: [AUDIENCE] });
    const response = await postBook(token, { title: 'Nope', author: 'Bob' });
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toBe(
      'Bearer error="insufficient_scope", scope="create:books"',
    );
  });

  it('validates the body', async () => {
    const token = await issuer.mintAccessToken({ audience: [AUDIENCE] });
    expect((await postBook(token, { title: '' })).status).toBe(400);
  });
});

describe('CORS', () => {
  it('lets the SPA origin send Authorization and read WWW-Authenticate', async () => {
    const preflight = await fetch(new URL('/books', api.url), {
      method: 'OPTIONS',
      headers: {
        origin: SPA_ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(SPA_ORIGIN);
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');

    const response = await fetch(new URL('/books', api.url), { headers: { origin: SPA_ORIGIN } });
    expect(response.headers.get('access-control-expose-headers')).toContain('WWW-Authenticate');
  });
});
