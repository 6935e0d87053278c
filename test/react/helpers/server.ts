import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the server saw of one request. `closed` resolves when the client goes away before an answer. */
export interface Received {
  method: string;
  path: string;
  authorization: string | undefined;
  /** Resolves if the connection closed before the server answered (the client aborted). */
  aborted: Promise<void>;
}

export type Handler = (request: Received, res: ServerResponse) => void;

/** A real HTTP server on 127.0.0.1 that records every request. Answers JSON `{ ok: true, path }` by default. */
export async function startServer(handler: Handler = json({ ok: true })) {
  const received: Received[] = [];
  const waiters = new Set<() => void>();
  let current = handler;
  const server = createServer((req, res) => {
    const aborted = new Promise<void>((resolve) => {
      res.on('close', () => {
        if (!res.writableFinished) resolve();
      });
    });
    const entry: Received = {
      method: req.method ?? '',
      path: req.url ?? '',
      authorization: req.headers.authorization,
      aborted,
    };
    received.push(entry);
    for (const wake of [...waiters]) wake();
    req.resume();
    current(entry, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    received,
    handle(next: Handler) {
      current = next;
    },
    /** The Bearer tokens received, in order. */
    tokens: () => received.map((r) => r.authorization?.replace(/^Bearer /, '')),
    /** Resolves once the server has received `count` requests. */
    waitForRequests(count: number): Promise<Received[]> {
      return new Promise((resolve) => {
        const check = () => {
          if (received.length < count) return;
          waiters.delete(check);
          resolve(received.slice(0, count));
        };
        waiters.add(check);
        check();
      });
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type TestServer = Awaited<ReturnType<typeof startServer>>;

/** Answers every request with `body` as JSON. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Handler {
  return (_request, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
}

/** Never answers: the request stays open until the client aborts it. */
export const hang: Handler = () => undefined;

/** The 403 a scope-checking API sends when the token lacks `create:books`. */
export const insufficientScope: Handler = (_request, res) => {
  res.writeHead(403, {
    'www-authenticate': 'Bearer error="insufficient_scope", scope="create:books"',
    'content-type': 'application/json',
  });
  res.end('{"error":"insufficient_scope"}');
};
