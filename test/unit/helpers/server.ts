import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the server saw of one request: enough to assert on headers and on the exact body bytes. */
export interface Received {
  method: string;
  path: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: Buffer;
}

export type Handler = (request: Received, res: ServerResponse, raw: IncomingMessage) => void | Promise<void>;

/** A real HTTP server on 127.0.0.1 that records every request it receives. */
export async function startServer(handler: Handler = ok) {
  const received: Received[] = [];
  let current = handler;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const entry: Received = {
        method: req.method ?? '',
        path: req.url ?? '',
        authorization: req.headers.authorization,
        contentType: req.headers['content-type'],
        body: Buffer.concat(chunks),
      };
      received.push(entry);
      Promise.resolve(current(entry, res, req)).catch((error: unknown) => {
        res.statusCode = 500;
        res.end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    origin: `http://127.0.0.1:${port}`,
    received,
    /** Replace the handler (e.g. start rejecting a token). */
    handle(next: Handler) {
      current = next;
    },
    /** The Bearer tokens the server received, in order. */
    tokens() {
      return received.map((r) => r.authorization?.replace(/^Bearer /, ''));
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type TestServer = Awaited<ReturnType<typeof startServer>>;

export function ok(_request: Received, res: ServerResponse) {
  json(res, 200, { ok: true });
}

export function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** Answers 401 `invalid_token` to every token in `rejected`, 200 otherwise. */
export function rejecting(rejected: Set<string | undefined>): Handler {
  return (request, res) => {
    const token = request.authorization?.replace(/^Bearer /, '');
    if (rejected.has(token)) {
      json(res, 401, { error: 'invalid_token' }, { 'www-authenticate': 'Bearer error="invalid_token"' });
    } else {
      json(res, 200, { ok: true, method: request.method });
    }
  };
}
