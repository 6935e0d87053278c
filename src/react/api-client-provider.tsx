'use client';
import type { ReactNode } from 'react';
import type { ApiClient } from '../create-api-client.js';
import { ApiClientContext } from './api-client-context.js';

/** Props of {@link ApiClientProvider}. */
export interface ApiClientProviderProps {
  /** The client from `createApiClient(…)`. Create it once (module scope or `useState`), not per render. */
  client: ApiClient;
  /** The part of the app that calls the API. */
  children?: ReactNode;
}

/**
 * Makes an API client available to {@link useApiClient} and {@link useApi} below it.
 *
 * @example
 * ```tsx
 * const api = createApiClient({ baseUrl: 'https://api.myapp.com/', audience: 'https://api.myapp.com', auth });
 * root.render(<ApiClientProvider client={api}><App /></ApiClientProvider>);
 * ```
 */
export function ApiClientProvider({ client, children }: ApiClientProviderProps): ReactNode {
  return <ApiClientContext.Provider value={client}>{children}</ApiClientContext.Provider>;
}
