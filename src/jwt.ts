/** The claims this package reads from an access token. Everything else is ignored. */
export interface AccessTokenClaims {
  aud?: string | string[];
  exp?: number;
}

/**
 * Reads the payload of a JWT without verifying it (the API verifies; the browser only needs `aud` and `exp`
 * to avoid sending a token that is bound to fail). Returns `undefined` for opaque (non-JWT) tokens.
 */
export function readClaims(token: string): AccessTokenClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const json = decodeBase64Url(parts[1]);
    const claims: unknown = JSON.parse(json);
    return typeof claims === 'object' && claims !== null ? (claims as AccessTokenClaims) : undefined;
  } catch {
    return undefined;
  }
}

/** The `aud` claim as a list: Kinde sends an array, RFC 7519 also allows a single string. */
export function audienceOf(claims: AccessTokenClaims): string[] {
  const { aud } = claims;
  if (typeof aud === 'string') return [aud];
  return Array.isArray(aud) ? aud.filter((value): value is string => typeof value === 'string') : [];
}

/** True when the token expires within `skewSeconds` from `nowMs`. Tokens without `exp` never expire here. */
export function isExpired(
  claims: AccessTokenClaims | undefined,
  nowMs: number,
  skewSeconds: number,
): boolean {
  return typeof claims?.exp === 'number' && claims.exp - skewSeconds <= nowMs / 1000;
}

function decodeBase64Url(input: string): string {
  const base64 = input.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), '='));
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}
