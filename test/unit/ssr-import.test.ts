import { expect, it } from 'vitest';

it('the package can be imported on a server (no window), and createKindeAuth says why it cannot run there', async () => {
  expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined');
  const { createKindeAuth, createApiClient } = await import('../../src/index.js');
  expect(typeof createApiClient).toBe('function');
  await expect(
    createKindeAuth({
      domain: 'https://myapp.kinde.com',
      clientId: 'c',
      redirectUri: 'https://shop.myapp.com/',
      audience: 'https://api.myapp.com',
    }),
  ).rejects.toThrow(/runs in the browser only/);
});
