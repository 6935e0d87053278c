/** The claims the demo shows. Decoding without verifying is fine for display; only the API may trust them. */
export interface ShownClaims {
  aud: string[];
  permissions: string[];
  exp?: number;
  jti?: string;
}

export function decodeClaims(token: string | null | undefined): ShownClaims | undefined {
  const payload = token?.split('.')[1];
  if (!payload) return undefined;
  try {
    const json = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/')));
    const aud = typeof json.aud === 'string' ? [json.aud] : Array.isArray(json.aud) ? json.aud : [];
    return {
      aud,
      permissions: Array.isArray(json.permissions) ? json.permissions : [],
      exp: json.exp,
      jti: json.jti,
    };
  } catch {
    return undefined;
  }
}
