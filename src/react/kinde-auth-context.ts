'use client';
import { createContext } from 'react';
import type { AuthBinding } from './auth-binding.js';

/** Internal: the auth given to `KindeAuthProvider`. `null` outside a provider. */
export const KindeAuthContext = createContext<AuthBinding | null>(null);
KindeAuthContext.displayName = 'KindeAuthContext';
