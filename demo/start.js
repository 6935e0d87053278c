#!/usr/bin/env node
// @ts-check
// `npm run demo`: the issuer (unless KINDE_DOMAIN is set), the bookstore API and the SPA, on localhost.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startApi } from './api/api.js';
import { startIssuer } from './issuer/issuer.js';
import { startSpa } from './spa/server.js';

const envFile = fileURLToPath(new URL('./.env', import.meta.url));
if (existsSync(envFile)) process.loadEnvFile(envFile);

const env = process.env;
const spaPort = Number(env.SPA_PORT ?? 5173);
const apiPort = Number(env.API_PORT ?? 5174);
const issuerPort = Number(env.ISSUER_PORT ?? 5175);
const spaOrigin = `http://localhost:${spaPort}`;

/** @type {Array<() => Promise<void>>} */
const closers = [];
let shuttingDown = false;
async function shutdown(code = 0) {
  if (shuttingDown) return;
  shuttingDown = true;
  await Promise.allSettled(closers.reverse().map((close) => close()));
  process.exit(code);
}
process.once('SIGINT', () => void shutdown());
process.once('SIGTERM', () => void shutdown());

try {
  const realKinde = Boolean(env.KINDE_DOMAIN);
  let domain;
  let clientId;
  let audience;
  /** @type {((token: { jti?: string }) => boolean) | undefined} */
  let isRevoked;
  if (realKinde) {
    const missing = ['KINDE_CLIENT_ID', 'KINDE_AUDIENCE'].filter((name) => !env[name]);
    if (missing.length > 0)
      throw new Error(
        `KINDE_DOMAIN is set, so ${missing.join(' and ')} must be too (see demo/.env.example).`,
      );
    domain = /** @type {string} */ (env.KINDE_DOMAIN).replace(/\/+$/, '');
    if (!/^https?:\/\//.test(domain)) domain = `https://${domain}`;
    clientId = /** @type {string} */ (env.KINDE_CLIENT_ID);
    audience = /** @type {string} */ (env.KINDE_AUDIENCE);
  } else {
    const issuer = await startIssuer({
      port: issuerPort,
      accessTokenTtl: Number(env.ACCESS_TOKEN_TTL ?? 3600),
      testControls: env.DEMO_TEST_CONTROLS === '1',
    });
    closers.push(issuer.close);
    domain = issuer.url;
    clientId = 'bookstore-spa';
    audience = env.DEMO_AUDIENCE ?? 'https://bookstore.example/api';
    // With test controls on, "revoke access tokens" must reach the API; it runs in this process.
    isRevoked = (token) => issuer.isRevoked(token.jti);
  }

  const api = await startApi({
    port: apiPort,
    issuerUrl: domain,
    audience,
    corsOrigin: spaOrigin,
    ...(isRevoked ? { isRevoked } : {}),
  });
  closers.push(api.close);
  const spa = await startSpa({
    port: spaPort,
    config: { domain, clientId, audience, apiUrl: api.url, mode: realKinde ? 'kinde' : 'local' },
  });
  closers.push(spa.close);

  console.log(`
  Bookstore demo running${realKinde ? ' against your Kinde tenant' : ' offline'}:

    Open   ${spa.url}
    API    ${api.url}  (audience ${audience})
    Issuer ${domain}${realKinde ? '' : '  (local; users alice@example.com, bob@example.com)'}

  Ctrl-C to stop.
`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  await shutdown(1);
}
