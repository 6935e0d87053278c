import { createHash, randomBytes } from 'node:crypto';
import type { Issuer } from '../../demo/issuer/issuer.js';

export const REDIRECT_URI = 'http://localhost:5173/';
export const CLIENT_ID = 'bookstore-spa';

export function pkcePair() {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  return { verifier, challenge };
}

/** Runs an authorize request the way pkce-js builds it and returns the redirect it answered. */
export async function authorize(issuer: Issuer, params: Record<string, string>) {
  const url = new URL('/oauth2/auth', issuer.url);
  for (const [name, value] of Object.entries({
    client_id: CLIENT_ID,
    response_type: 'code',
    redirect_uri: REDIRECT_URI.replace(/\/$/, ''),
    scope: 'openid profile email offline',
    code_challenge_method: 'S256',
    ...params,
  })) {
    url.searchParams.set(name, value);
  }
  const response = await fetch(url, { redirect: 'manual' });
  return { response, location: new URL(response.headers.get('location') ?? 'about:blank') };
}

export function postToken(issuer: Issuer, form: Record<string, string>) {
  return fetch(new URL('/oauth2/token', issuer.url), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
    body: new URLSearchParams(form),
  });
}

export type TokenResponse = {
  access_token: string;
  id_token: string;
  refresh_token: string;
  expires_in: number;
  scope: string;
  token_type: string;
};

/** Signs a user in with PKCE and returns the token response. */
export async function signIn(issuer: Issuer, { user = 'alice@example.com', audience = '' } = {}) {
  const { verifier, challenge } = pkcePair();
  const { location } = await authorize(issuer, {
    code_challenge: challenge,
    audience,
    login_hint: user,
    state: 'state',
    nonce: 'nonce',
  });
  const response = await postToken(issuer, {
    client_id: CLIENT_ID,
    code: location.searchParams.get('code') ?? '',
    code_verifier: verifier,
    grant_type: 'authorization_code',
    redirect_uri: REDIRECT_URI,
  });
  if (!response.ok) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as TokenResponse;
}
