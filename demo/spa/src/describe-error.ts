import {
  isAudienceMismatchError,
  isHTTPError,
  isInsufficientScopeError,
  isNotAuthenticatedError,
} from 'kinde-api-client';

/** A plain, serialisable account of a failed call: what the error panel shows and what tests assert on. */
export interface DescribedError {
  name: string;
  code?: string;
  title: string;
  hint: string;
  message: string;
  reason?: string;
  status?: number;
  scope?: string[];
  expected?: string;
  actual?: string[];
}

/** Turns the SDK's typed errors into a readable explanation, the way an app's error boundary would. */
export function describeError(error: unknown): DescribedError {
  const base = {
    name: error instanceof Error ? error.name : 'Error',
    message: error instanceof Error ? error.message : String(error),
    ...(typeof (error as { code?: unknown })?.code === 'string'
      ? { code: (error as { code: string }).code }
      : {}),
  };
  if (isNotAuthenticatedError(error)) {
    const hints: Record<string, string> = {
      'signed-out': 'Nobody is signed in, so nothing was sent. Sign in first.',
      'refresh-failed':
        'The session could not be renewed (signed out elsewhere, or the refresh token was revoked). Sign in again.',
      'token-rejected':
        'The API rejected even a freshly renewed token. Check the API audience and issuer settings.',
    };
    return {
      ...base,
      reason: error.reason,
      title: 'Not signed in',
      hint: hints[error.reason] ?? 'Sign in again.',
    };
  }
  if (isAudienceMismatchError(error)) {
    return {
      ...base,
      title: 'Token is for another API',
      hint: `The access token's aud does not include ${error.expected}. Register the API in Kinde with this audience, enable it for the application, and request it at sign-in.`,
      expected: error.expected,
      actual: [...error.actual],
    };
  }
  if (isInsufficientScopeError(error)) {
    return {
      ...base,
      title: 'Permission missing',
      hint: `The API needs ${error.scope.join(', ')}. Grant it to the user in Kinde (Roles or Permissions), then sign in again.`,
      scope: [...error.scope],
      status: 403,
    };
  }
  if (isHTTPError(error)) {
    return {
      ...base,
      title: `The API answered ${error.response.status}`,
      hint:
        error.response.status === 401
          ? 'The API does not accept this token (wrong audience or issuer?). Its WWW-Authenticate header says why.'
          : 'See the API response.',
      status: error.response.status,
    };
  }
  return { ...base, title: 'Request failed', hint: 'Is the API running?' };
}
