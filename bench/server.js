// The API the benchmark calls: a node:http server on 127.0.0.1 that answers small JSON and checks the
// Bearer token. It runs in its own process (forked by run.js) so its work never shares the event loop,
// and the CPU core, with the client being measured. run.js drives it over the IPC channel.
import { createServer } from 'node:http';

export const AUDIENCE = 'https://api.bench.test';

const base64url = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');

let serial = 0;
/** An unsigned JWT-shaped token with `aud` and an `exp` an hour ahead: the client reads, never verifies. */
export function mintToken() {
  serial += 1;
  const header = base64url({ alg: 'none', typ: 'JWT' });
  const payload = base64url({
    aud: [AUDIENCE],
    exp: Math.floor(Date.now() / 1000) + 3600,
    sub: 'kp_bench',
    jti: `${process.pid}-${serial}`,
  });
  return `${header}.${payload}.unsigned`;
}

const valid = new Set();
const stats = { apiHits: 0, api401: 0, tokenCalls: 0, held: 0 };
/** Stale-401 mode: 401s for `?slow=1` are held until shortly after the next token refresh has been answered. */
let stale = { on: false, delayMs: 50 };
let held = [];
let safety;

const okBody = JSON.stringify({ ok: true, items: [{ id: 1, title: 'Dune' }] });
const deniedBody = JSON.stringify({ error: 'invalid_token' });

function send401(res) {
  res.writeHead(401, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(deniedBody),
    'www-authenticate': 'Bearer error="invalid_token"',
  });
  res.end(deniedBody);
}

function releaseHeld() {
  clearTimeout(safety);
  const waiting = held;
  held = [];
  for (const res of waiting) send401(res);
}

const server = createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/token') {
    stats.tokenCalls += 1;
    const token = mintToken();
    valid.add(token);
    const body = JSON.stringify({ access_token: token });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
    // The refresh is over once the client has read this answer; the held 401s arrive after that.
    if (held.length > 0) setTimeout(releaseHeld, stale.delayMs);
    return;
  }
  if (req.url?.startsWith('/api/items')) {
    stats.apiHits += 1;
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ') && valid.has(auth.slice(7))) {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(okBody) });
      res.end(okBody);
      return;
    }
    stats.api401 += 1;
    if (stale.on && req.url.includes('slow=1')) {
      stats.held += 1;
      held.push(res);
      // Never hang the bench: without a refresh the held 401s go out after 5 s anyway.
      if (held.length === 1) safety = setTimeout(releaseHeld, 5000);
      return;
    }
    send401(res);
    return;
  }
  res.writeHead(404).end();
});
server.keepAliveTimeout = 120_000;
server.headersTimeout = 121_000;
server.maxRequestsPerSocket = 0;

process.on('message', (message) => {
  const reply = (value) => process.send({ id: message.id, value });
  switch (message.cmd) {
    case 'mint': {
      const token = mintToken();
      valid.add(token);
      reply(token);
      break;
    }
    case 'revoke':
      valid.clear();
      reply(true);
      break;
    case 'stale':
      stale = { on: message.on, delayMs: message.delayMs ?? 50 };
      reply(true);
      break;
    case 'stats':
      reply({ ...stats });
      break;
    case 'reset':
      for (const key of Object.keys(stats)) stats[key] = 0;
      reply(true);
      break;
    default:
      reply(null);
  }
});

server.listen(0, '127.0.0.1', () => {
  process.send({ ready: true, port: server.address().port });
});
process.on('disconnect', () => process.exit(0));
