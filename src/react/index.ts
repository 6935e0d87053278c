'use client';
export { ApiClientProvider, type ApiClientProviderProps } from './api-client-provider.js';
export { KindeAuthProvider, type KindeAuthProviderProps } from './kinde-auth-provider.js';
export { type UseApiContext, type UseApiOptions, type UseApiResult, useApi } from './use-api.js';
export { useApiClient } from './use-api-client.js';
export { type UseAuthResult, useAuth } from './use-auth.js';
export {
  type KindeReactAuth,
  type KindeReactTokenSourceOptions,
  useKindeReactTokenSource,
} from './use-kinde-react-token-source.js';
