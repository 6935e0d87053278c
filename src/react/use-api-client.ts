'use client';
import { useContext } from 'react';
import type { ApiClient } from '../create-api-client.js';
import { ConfigurationError } from '../errors.js';
import { ApiClientContext } from './api-client-context.js';

/**
 * The client given to the nearest {@link ApiClientProvider}; the same object on every render.
 *
 * @throws {ConfigurationError} when called outside an `ApiClientProvider`.
 * @example
 * ```tsx
 * const api = useApiClient();
 * const onSave = (book: Book) => api.post('books', { json: book });
 * ```
 */
export function useApiClient(): ApiClient {
  const client = useContext(ApiClientContext);
  if (!client) {
    throw new ConfigurationError(
      'useApiClient() (also used by useApi) was called outside <ApiClientProvider>. Fix: wrap your app, ' +
        'or the part of it that calls your API, in <ApiClientProvider client={api}>, where ' +
        'api = createApiClient({ baseUrl, audience, auth }).',
    );
  }
  return client;
}
