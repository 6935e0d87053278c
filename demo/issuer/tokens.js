// @ts-check
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

/** @typedef {import('./users.js').DemoUser} DemoUser */

/**
 * Creates the issuer's RS256 key pair and the functions that mint tokens in Kinde's claim shape.
 * Keys live in memory only: every start is a new key, so tokens never outlive the process.
 *
 * @param {{ issuerUrl: string }} options
 */
export async function createTokenMinter({ issuerUrl }) {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomUUID();
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };

  /**
   * @param {Record<string, unknown>} claims
   * @param {{ expiresIn: number, now?: number }} lifetime
   */
  const sign = (claims, { expiresIn, now = Math.floor(Date.now() / 1000) }) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
      .setIssuer(issuerUrl)
      .setIssuedAt(now)
      .setExpirationTime(now + expiresIn)
      .setJti(randomUUID())
      .sign(privateKey);

  return {
    jwks: { keys: [publicJwk] },

    /**
     * An access token as Kinde issues it: `aud` is always an array, `[]` when no API was requested.
     *
     * @param {{ user: DemoUser, clientId: string, audience: string[], scope: string[], expiresIn: number, orgCode?: string, now?: number }} options
     */
    signAccessToken: ({ user, clientId, audience, scope, expiresIn, orgCode = 'org_demo', now }) =>
      sign(
        {
          aud: audience,
          azp: clientId,
          sub: user.id,
          scp: scope,
          org_code: orgCode,
          permissions: user.permissions,
          roles: (user.roles ?? []).map((key) => ({ id: `role_${key}`, key, name: key })),
          feature_flags: user.featureFlags ?? {},
        },
        { expiresIn, ...(now === undefined ? {} : { now }) },
      ),

    /**
     * @param {{ user: DemoUser, clientId: string, nonce?: string | undefined, orgCode?: string, authTime: number }} options
     */
    signIdToken: ({ user, clientId, nonce, orgCode = 'org_demo', authTime }) =>
      sign(
        {
          aud: [clientId],
          azp: clientId,
          sub: user.id,
          email: user.email,
          email_verified: true,
          given_name: user.givenName,
          family_name: user.familyName,
          name: `${user.givenName} ${user.familyName}`,
          picture: `${issuerUrl}/avatars/${user.id}.svg`,
          org_codes: [orgCode],
          auth_time: authTime,
          ...(nonce ? { nonce } : {}),
        },
        { expiresIn: 3600 },
      ),
  };
}
