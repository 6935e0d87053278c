export {
  HTTPError,
  isHTTPError,
  isKyError,
  isNetworkError,
  isTimeoutError,
  KyError,
  NetworkError,
  SchemaValidationError,
  TimeoutError,
} from 'ky';
export { type ApiClient, createApiClient } from './create-api-client.js';
export {
  ApiClientError,
  AudienceMismatchError,
  BodyNotReplayableError,
  ConfigurationError,
  ForeignOriginError,
  InsufficientScopeError,
  isApiClientError,
  isAudienceMismatchError,
  isForeignOriginError,
  isInsufficientScopeError,
  isNotAuthenticatedError,
  NotAuthenticatedError,
  type NotAuthenticatedReason,
} from './errors.js';
export type { AuthState } from './kinde/auth-store.js';
export { createKindeAuth, type KindeAuth, type KindeAuthOptions } from './kinde/create-kinde-auth.js';
export type { ApiClientOptions, TokenSource } from './options.js';
