import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Issuer, startIssuer } from '../../demo/issuer/issuer.js';
import {
  authorize,
  CLIENT_ID,
  pkcePair,
  postToken,
  REDIRECT_URI,
  signIn,
  type TokenResponse,
} from './helpers.js';

const AUDIENCE = 'https://books.example/api';

let issuer: Issuer;
beforeAll(async () => {
  issuer = await startIssuer({ testControls: true, accessTokenTtl: 120 });
});
afterAll(() => issuer.close());

describe('authorize', () => {
  it('redirects to redirect_uri with a code and the state echoed byte for byte', async () => {
    const state = Buffer.from(JSON.stringify({ kinde: { event: 'login', state: '' } })).toString('base64url');
    const { response, location } = await authorize(issuer, {
      code_challenge: pkcePair().challenge,
      login_hint: 'bob@example.com',
      state,
    });
    expect(response.status).toBe(302);
    expect(`${location.origin}${location.pathname}`).toBe('http://localhost:5173/');
    expect(location.searchParams.get('code')).toMatch(/^[\w-]{40,}$/);
    expect(location.searchParams.get('state')).toBe(state);
  });

  it('shows a user picker when it does not know who signs in', async () => {
    const { response } = await authorize(issuer, { code_challenge: pkcePair().challenge, state: 's' });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('data-user="alice@example.com"');
    expect(html).toContain('data-user="bob@example.com"');
    expect(html).toContain('name="state" value="s"');
  });

  it('the picker approves the original request for the chosen user', async () => {
    const response = await fetch(new URL('/oauth2/auth/approve', issuer.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: CLIENT_ID,
        response_type: 'code',
        redirect_uri: 'http://localhost:5173',
        code_challenge: pkcePair().challenge,
        code_challenge_method: 'S256',
        state: 'picked',
        user: 'bob@example.com',
      }),
      redirect: 'manual',
    });
    const location = new URL(response.headers.get('location') ?? '');
    expect(response.status).toBe(302);
    expect(location.searchParams.get('state')).toBe('picked');
    expect(location.searchParams.get('code')).toBeTruthy();
  });

  it('refuses a request without PKCE, redirecting with an OAuth error', async () => {
    const { response, location } = await authorize(issuer, { login_hint: 'alice@example.com', state: 'x' });
    expect(response.status).toBe(302);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('state')).toBe('x');
    expect(location.searchParams.has('code')).toBe(false);
  });
});

describe('token endpoint', () => {
  it('exchanges a code only with the right PKCE verifier, and only once', async () => {
    const { verifier, challenge } = pkcePair();
    const { location } = await authorize(issuer, {
      code_challenge: challenge,
      login_hint: 'alice@example.com',
    });
    const code = location.searchParams.get('code') ?? '';
    const exchange = (codeVerifier: string) =>
      postToken(issuer, {
        client_id: CLIENT_ID,
        code,
        code_verifier: codeVerifier,
        grant_type: 'authorization_code',
        redirect_uri: REDIRECT_URI,
      });

    const wrong = await exchange(pkcePair().verifier);
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_grant' });
    // The failed attempt burned the code: a stolen code cannot be retried with guesses.
    const again = await exchange(verifier);
    expect(again.status).toBe(400);
  });

  it('compares redirect_uri ignoring a trailing slash, and rejects another one', async () => {
    for (const [redirectUri, status] of [
      ['http://localhost:5173', 200],
      ['http://localhost:5173/', 200],
      ['http://localhost:5174/', 400],
    ] as const) {
      const { verifier, challenge } = pkcePair();
      const { location } = await authorize(issuer, {
        code_challenge: challenge,
        login_hint: 'alice@example.com',
      });
      const response = await postToken(issuer, {
        client_id: CLIENT_ID,
        code: location.searchParams.get('code') ?? '',
        code_verifier: verifier,
        grant_type: 'authorization_code',
        redirect_uri: redirectUri,
      });
      expect(response.status, redirectUri).toBe(status);
    }
  });

  it("answers every field pkce-js requires, with tokens in Kinde's claim shape that verify against the JWKS", async () => {
    const tokens = await signIn(issuer, { audience: `${AUDIENCE} https://other.example/api` });
    expect(Object.keys(tokens).sort()).toEqual(
      ['access_token', 'expires_in', 'id_token', 'refresh_token', 'scope', 'token_type'].sort(),
    );
    expect(tokens.expires_in).toBe(120);
    expect(tokens.scope).toBe('openid profile email offline');

    const jwks = createRemoteJWKSet(new URL('/.well-known/jwks', issuer.url));
    const { payload: access, protectedHeader } = await jwtVerify(tokens.access_token, jwks, {
      issuer: issuer.url,
      audience: AUDIENCE,
    });
    expect(protectedHeader.alg).toBe('RS256');
    expect(access).toMatchObject({
      aud: [AUDIENCE, 'https://other.example/api'],
      azp: CLIENT_ID,
      iss: issuer.url,
      scp: ['openid', 'profile', 'email', 'offline'],
      org_code: 'org_demo',
      permissions: ['read:books', 'create:books'],
      feature_flags: { can_add_books: { t: 'b', v: true } },
    });
    expect(access.sub).toMatch(/^kp_[0-9a-f]{32}$/);
    expect(access.jti).toBeTruthy();
    expect((access.exp ?? 0) - (access.iat ?? 0)).toBe(120);

    const { payload: id } = await jwtVerify(tokens.id_token, jwks, {
      issuer: issuer.url,
      audience: CLIENT_ID,
    });
    expect(id).toMatchObject({
      aud: [CLIENT_ID],
      sub: access.sub,
      email: 'alice@example.com',
      given_name: 'Alice',
      family_name: 'Editor',
      name: 'Alice Editor',
      nonce: 'nonce',
    });
  });

  it('gives an empty aud array when no audience was requested', async () => {
    const tokens = await signIn(issuer, { user: 'bob@example.com' });
    expect(decodeJwt(tokens.access_token)).toMatchObject({ aud: [], permissions: ['read:books'] });
  });

  it('leaves out requested APIs that are not enabled for the app, as Kinde does (aud: [])', async () => {
    const strict = await startIssuer({ enabledAudiences: ['https://enabled.example/api'] });
    try {
      const tokens = await signIn(strict, { audience: `${AUDIENCE} https://enabled.example/api` });
      expect(decodeJwt(tokens.access_token).aud).toEqual(['https://enabled.example/api']);
      strict.setEnabledAudiences([]);
      expect(decodeJwt((await signIn(strict, { audience: AUDIENCE })).access_token).aud).toEqual([]);
    } finally {
      await strict.close();
    }
  });

  it('rotates refresh tokens: each works exactly once', async () => {
    const first = await signIn(issuer, { audience: AUDIENCE });
    const refresh = (token: string) =>
      postToken(issuer, { refresh_token: token, grant_type: 'refresh_token', client_id: CLIENT_ID });

    const rotated = await refresh(first.refresh_token);
    expect(rotated.status).toBe(200);
    const second = (await rotated.json()) as TokenResponse;
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(decodeJwt(second.access_token).jti).not.toBe(decodeJwt(first.access_token).jti);
    expect(decodeJwt(second.access_token).aud).toEqual([AUDIENCE]);

    const reused = await refresh(first.refresh_token);
    expect(reused.status).toBe(400);
    expect(await reused.json()).toMatchObject({ error: 'invalid_grant' });
    expect((await refresh(second.refresh_token)).status).toBe(200);
  });

  it('test controls: revoke all refresh tokens, or fail only the next refresh', async () => {
    const refresh = (token: string) =>
      postToken(issuer, { refresh_token: token, grant_type: 'refresh_token', client_id: CLIENT_ID });

    const a = await signIn(issuer);
    await fetch(new URL('/test/fail-next-refresh', issuer.url), { method: 'POST' });
    expect((await refresh(a.refresh_token)).status).toBe(400);
    expect((await refresh(a.refresh_token)).status).toBe(200);

    const b = await signIn(issuer);
    await fetch(new URL('/test/revoke-refresh-tokens', issuer.url), { method: 'POST' });
    expect((await refresh(b.refresh_token)).status).toBe(400);
  });

  it('test controls: revoking access tokens marks every issued jti, which the API can consult', async () => {
    const { access_token } = await signIn(issuer);
    const { jti } = decodeJwt(access_token);
    expect(issuer.isRevoked(jti)).toBe(false);
    const response = await fetch(new URL('/test/revoke-access-tokens', issuer.url), { method: 'POST' });
    expect(((await response.json()) as { revokedJtis: string[] }).revokedJtis).toContain(jti);
    expect(issuer.isRevoked(jti)).toBe(true);
  });

  it('logs grant types and the authorize audience, never test-control calls', async () => {
    issuer.clearLog();
    await signIn(issuer, { audience: AUDIENCE });
    await fetch(new URL('/test/log', issuer.url));
    const log = (await (await fetch(new URL('/test/log', issuer.url))).json()) as Array<
      Record<string, unknown>
    >;
    expect(
      log.map(({ method, path, status, grantType, audience }) => ({
        method,
        path,
        status,
        grantType,
        audience,
      })),
    ).toEqual([
      { method: 'GET', path: '/oauth2/auth', status: 302, grantType: undefined, audience: AUDIENCE },
      {
        method: 'POST',
        path: '/oauth2/token',
        status: 200,
        grantType: 'authorization_code',
        audience: undefined,
      },
    ]);
  });
});

describe('discovery, JWKS, logout and CORS', () => {
  it('publishes discovery pointing at /.well-known/jwks', async () => {
    const config = (await (
      await fetch(new URL('/.well-known/openid-configuration', issuer.url))
    ).json()) as Record<string, unknown>;
    expect(config).toMatchObject({
      issuer: issuer.url,
      jwks_uri: `${issuer.url}/.well-known/jwks`,
      token_endpoint: `${issuer.url}/oauth2/token`,
      code_challenge_methods_supported: ['S256'],
    });
  });

  it('logout redirects to the given URL', async () => {
    const response = await fetch(new URL('/logout?redirect=http%3A%2F%2Flocalhost%3A5173', issuer.url), {
      redirect: 'manual',
    });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('http://localhost:5173');
  });

  it('reflects the origin and allows the headers pkce-js sends', async () => {
    const response = await fetch(new URL('/oauth2/token', issuer.url), {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'kinde-sdk',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect(response.headers.get('access-control-allow-headers')).toContain('kinde-sdk');
  });
});

describe('safety', () => {
  it('has no test controls unless enabled', async () => {
    const plain = await startIssuer();
    try {
      expect((await fetch(new URL('/test/log', plain.url))).status).toBe(404);
      expect((await fetch(new URL('/test/revoke-access-tokens', plain.url), { method: 'POST' })).status).toBe(
        404,
      );
    } finally {
      await plain.close();
    }
  });

  it('refuses access-token lifetimes that would make pkce-js refresh in a loop', async () => {
    await expect(startIssuer({ accessTokenTtl: 10 })).rejects.toThrow(RangeError);
  });
});
