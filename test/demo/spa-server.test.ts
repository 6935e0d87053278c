import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSpa } from '../../demo/spa/server.js';
import type { DemoConfig } from '../../demo/spa/src/config.js';

let dist: string;
let spa: Awaited<ReturnType<typeof startSpa>>;
let config: DemoConfig = {
  domain: 'http://127.0.0.1:1',
  clientId: 'c',
  apiUrl: 'http://127.0.0.1:2',
  audience: 'a',
  mode: 'local',
};

beforeAll(async () => {
  // A stand-in build, so this test does not depend on `vite build` having run.
  dist = await mkdtemp(join(tmpdir(), 'spa-dist-'));
  await mkdir(join(dist, 'assets'));
  await writeFile(join(dist, 'index.html'), '<!doctype html><title>app</title>');
  await writeFile(join(dist, 'assets', 'app.js'), 'console.log(1)');
  spa = await startSpa({ config: () => config, distDir: dist });
});
afterAll(async () => {
  await spa.close();
  await rm(dist, { recursive: true, force: true });
});

const get = (path: string) => fetch(`http://127.0.0.1:${spa.port}${path}`);

it('is browsed at localhost, a secure context for PKCE', () => {
  expect(spa.url).toBe(`http://localhost:${spa.port}`);
});

it('serves the runtime config, read per request and never cached', async () => {
  config = { ...config, audience: 'https://changed.example/api' };
  const response = await get('/config.js');
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(await response.text()).toBe(`window.__DEMO_CONFIG__ = ${JSON.stringify(config)};\n`);
});

it('answers the app for the redirect_uri, with the sign-in callback query', async () => {
  const response = await get('/?code=abc&state=xyz');
  expect(response.status).toBe(200);
  expect(await response.text()).toContain('<title>app</title>');
});

it('serves built assets and nothing outside the build', async () => {
  expect(await (await get('/assets/app.js')).text()).toBe('console.log(1)');
  expect((await get('/assets/missing.js')).status).toBe(404);
  expect((await get('/assets/..%2f..%2fetc%2fpasswd')).status).toBe(404);
  expect((await get('/assets/%E0%A4%A')).status).toBe(400);
});
