import { renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ApiClient, createApiClient, isApiClientError } from '../../src/index.js';
import { ApiClientProvider, useApiClient } from '../../src/react/index.js';
import { AUDIENCE, fakeSource } from './helpers/auth.js';
import { catchRenderError } from './helpers/render.js';
import { startServer, type TestServer } from './helpers/server.js';

let server: TestServer;
let api: ApiClient;

beforeEach(async () => {
  server = await startServer();
  api = createApiClient({ baseUrl: server.url, audience: AUDIENCE, auth: fakeSource() });
});
afterEach(() => server.close());

const wrapper = ({ children }: { children: ReactNode }) => (
  <ApiClientProvider client={api}>{children}</ApiClientProvider>
);

describe('ApiClientProvider and useApiClient', () => {
  it('returns the provided client, the same object on every render', () => {
    const { result, rerender } = renderHook(() => useApiClient(), { wrapper });
    const first = result.current;
    rerender();
    rerender();
    expect(first).toBe(api);
    expect(result.current).toBe(first);
  });

  it('hands out a client that really calls the API with the token', async () => {
    const { result } = renderHook(() => useApiClient(), { wrapper });
    await expect(result.current.get('books').json()).resolves.toEqual({ ok: true });
    expect(server.received.map((r) => r.path)).toEqual(['/books']);
    expect(server.received[0]?.authorization).toMatch(/^Bearer ey/);
  });

  it('outside a provider throws an error that says how to fix it', () => {
    const thrown = catchRenderError(() => useApiClient());
    expect(isApiClientError(thrown)).toBe(true);
    expect((thrown as Error).message).toContain('<ApiClientProvider client={api}>');
    expect((thrown as Error).message).toContain('createApiClient');
  });
});
