// @ts-check
import { createAdaptorServer } from '@hono/node-server';

/**
 * Serves a Hono app (or any fetch handler) on `host:port` and resolves once it is listening.
 * Port 0 picks a free port, which is what tests want: no fixed ports, no collisions.
 *
 * @param {(request: Request, env: any) => Response | Promise<Response>} fetch
 * @param {{ port?: number, host?: string }} [options]
 * @returns {Promise<{ url: string, port: number, close: () => Promise<void> }>}
 */
export async function listen(fetch, { port = 0, host = '127.0.0.1' } = {}) {
  const server = /** @type {import('node:http').Server} */ (createAdaptorServer({ fetch }));
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(undefined));
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${urlHost}:${address.port}`,
    port: address.port,
    close: () =>
      new Promise((resolve) => {
        // Browsers keep connections alive; without this, close() would wait for them to time out.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
