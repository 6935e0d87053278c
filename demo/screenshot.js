#!/usr/bin/env node
// @ts-check
// Regenerates docs/demo.png: `npm run build && npm run demo:build && node demo/screenshot.js`.
import { fileURLToPath } from 'node:url';
import { startApi } from './api/api.js';
import { startIssuer } from './issuer/issuer.js';
import { launchChromium } from './lib/chromium.js';
import { startSpa } from './spa/server.js';

const audience = 'https://bookstore.example/api';
const issuer = await startIssuer();
let apiUrl = '';
const spa = await startSpa({
  config: () => ({ domain: issuer.url, clientId: 'bookstore-spa', apiUrl, audience, mode: 'local' }),
});
const api = await startApi({ issuerUrl: issuer.url, audience, corsOrigin: spa.url });
apiUrl = api.url;

const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 900, height: 560 }, deviceScaleFactor: 1 });
  await page.goto(spa.url);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('button[data-user="alice@example.com"]').click();
  await page.getByRole('button', { name: 'Load books' }).click();
  await page.getByTestId('books').waitFor();
  await page.getByPlaceholder('Title').fill('The Dispossessed');
  await page.getByPlaceholder('Author').fill('Ursula K. Le Guin');
  await page.getByRole('button', { name: 'Add book' }).click();
  await page.getByTestId('books').filter({ hasText: 'The Dispossessed' }).waitFor();
  // Wait for the avatar, so the picture is complete.
  await page.waitForFunction(() => [...document.images].every((image) => image.complete));
  const path = fileURLToPath(new URL('../docs/demo.png', import.meta.url));
  await page.screenshot({ path, fullPage: true });
  console.log(`wrote ${path}`);
} finally {
  await browser.close();
  await Promise.all([api.close(), spa.close(), issuer.close()]);
}
