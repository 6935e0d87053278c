'use client';
import { createContext } from 'react';
import type { ApiClient } from '../create-api-client.js';

/** Internal: the client given to `ApiClientProvider`. `null` outside a provider. */
export const ApiClientContext = createContext<ApiClient | null>(null);
ApiClientContext.displayName = 'ApiClientContext';
