// @ts-check
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listen } from '../lib/listen.js';

const defaultDist = fileURLToPath(new URL('./dist', import.meta.url));

/** @type {Record<string, string>} */
const contentTypes = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/**
 * Serves the built SPA plus `/config.js`, the runtime config that tells the one build where the issuer and
 * the API are. Browse it at `http://localhost:<port>`: PKCE needs a secure context (`crypto.subtle`), and
 * `localhost` is one without https.
 *
 * @param {{ config: import('./src/config.js').DemoConfig | (() => import('./src/config.js').DemoConfig), port?: number, host?: string, distDir?: string }} options
 *   `config` may be a function, read per request: tests start the SPA first to learn its origin, then the API.
 */
export async function startSpa({ config, port = 0, host = '127.0.0.1', distDir = defaultDist }) {
  try {
    await readFile(join(distDir, 'index.html'));
  } catch {
    throw new Error(`No SPA build in ${distDir}: run \`npm run build && npm run demo:build\` first.`);
  }
  const configScript = () =>
    `window.__DEMO_CONFIG__ = ${JSON.stringify(typeof config === 'function' ? config() : config)};\n`;

  /** @param {Request} request */
  async function serve(request) {
    const { pathname } = new URL(request.url);
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return new Response('Method not allowed', { status: 405 });
    if (pathname === '/config.js') {
      return new Response(configScript(), {
        headers: { 'content-type': contentTypes['.js'] ?? '', 'cache-control': 'no-store' },
      });
    }
    // Every non-asset path is the app (the redirect_uri is `/`, with ?code=&state= on the way back).
    const file = pathname.startsWith('/assets/') || extname(pathname) ? pathname : '/index.html';
    let path;
    try {
      path = normalize(join(distDir, decodeURIComponent(file)));
    } catch {
      return new Response('Bad request', { status: 400 });
    }
    if (!path.startsWith(distDir + sep)) return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(path);
      return new Response(body, {
        headers: {
          'content-type': contentTypes[extname(path)] ?? 'application/octet-stream',
          'cache-control': file === '/index.html' ? 'no-store' : 'max-age=31536000, immutable',
        },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  }

  const server = await listen(serve, { port, host });
  return {
    /** Use this URL in the browser: `localhost`, not 127.0.0.1, so the origin is a secure context everywhere. */
    url: `http://localhost:${server.port}`,
    port: server.port,
    close: server.close,
  };
}
