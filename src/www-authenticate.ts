/** The parameters of a `Bearer` challenge (RFC 6750 §3) that decide what the client does next. */
export interface BearerChallenge {
  error?: string;
  errorDescription?: string;
  scope: string[];
}

/**
 * Finds the `Bearer` challenge in a `WWW-Authenticate` header and reads its auth-params.
 * Returns `undefined` when the header is absent or carries no Bearer challenge.
 *
 * A header may hold several challenges (`DPoP …, Bearer realm="api", error="invalid_token"`); params of the
 * Bearer challenge run until the next `scheme token` start.
 */
export function parseBearerChallenge(header: string | null): BearerChallenge | undefined {
  if (!header) return undefined;
  const start = /(?:^|,)\s*Bearer(?=\s|,|$)/i.exec(header);
  if (!start) return undefined;
  const rest = header.slice(start.index + start[0].length);
  const params = new Map<string, string>();
  const param = /\s*,?\s*([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/y;
  let match = param.exec(rest);
  while (match) {
    const name = match[1]?.toLowerCase() ?? '';
    params.set(name, match[2] === undefined ? (match[3] ?? '') : match[2].replace(/\\(.)/g, '$1'));
    match = param.exec(rest);
  }
  const challenge: BearerChallenge = { scope: (params.get('scope') ?? '').split(' ').filter(Boolean) };
  const error = params.get('error');
  if (error !== undefined) challenge.error = error;
  const description = params.get('error_description');
  if (description !== undefined) challenge.errorDescription = description;
  return challenge;
}

/**
 * Whether a 401 means "this token is no longer good; a renewed one may work". True when the server sent no
 * challenge we can read (cross-origin APIs must expose `WWW-Authenticate` for it to be visible), a Bearer
 * challenge without `error`, or `error="invalid_token"`. Any other challenge (`invalid_request`, another
 * scheme only) is not cured by a refresh.
 */
export function isRenewableRejection(header: string | null): boolean {
  if (!header) return true;
  const challenge = parseBearerChallenge(header);
  if (!challenge) return false;
  return challenge.error === undefined || challenge.error === 'invalid_token';
}
