import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
let child: ChildProcess | undefined;
afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
});

async function freePort() {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** Starts `node demo/start.js` (what `npm run demo` runs after building) and resolves with its output once it is up. */
async function startDemo(env: Record<string, string>) {
  const [spa, api, issuer] = [await freePort(), await freePort(), await freePort()];
  const process_ = spawn(process.execPath, ['demo/start.js'], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      SPA_PORT: `${spa}`,
      API_PORT: `${api}`,
      ISSUER_PORT: `${issuer}`,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = process_;
  let output = '';
  process_.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  process_.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  await new Promise<void>((resolve, reject) => {
    process_.stdout?.on('data', () => {
      if (output.includes('Ctrl-C to stop')) resolve();
    });
    process_.once('exit', (code) => reject(new Error(`demo exited with ${code}: ${output}`)));
  });
  return { process: process_, output: () => output, ports: { spa, api, issuer } };
}

it('npm run demo serves all three offline, prints the URL, and stops cleanly on SIGINT and SIGTERM', async () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    const demo = await startDemo({});
    expect(demo.output()).toContain(`Open   http://localhost:${demo.ports.spa}`);
    const config = await (await fetch(`http://127.0.0.1:${demo.ports.spa}/config.js`)).text();
    expect(config).toContain(`"domain":"http://127.0.0.1:${demo.ports.issuer}"`);
    expect(config).toContain(`"apiUrl":"http://127.0.0.1:${demo.ports.api}"`);
    const discovery = await fetch(`http://127.0.0.1:${demo.ports.issuer}/.well-known/openid-configuration`);
    expect(discovery.status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${demo.ports.api}/books`)).status).toBe(401);

    demo.process.kill(signal);
    const [code] = await once(demo.process, 'exit');
    expect(code, signal).toBe(0);
    await expect(fetch(`http://127.0.0.1:${demo.ports.spa}/config.js`)).rejects.toThrow();
  }
});

it('with KINDE_* set, it skips the local issuer and points the SPA and the API at the tenant', async () => {
  const demo = await startDemo({
    KINDE_DOMAIN: 'myapp.kinde.com',
    KINDE_CLIENT_ID: 'client-123',
    KINDE_AUDIENCE: 'https://bookstore.example/api',
  });
  const config = await (await fetch(`http://127.0.0.1:${demo.ports.spa}/config.js`)).text();
  expect(config).toContain('"domain":"https://myapp.kinde.com","clientId":"client-123"');
  expect(config).toContain('"mode":"kinde"');
  await expect(fetch(`http://127.0.0.1:${demo.ports.issuer}/.well-known/jwks`)).rejects.toThrow();
  demo.process.kill('SIGTERM');
  expect((await once(demo.process, 'exit'))[0]).toBe(0);
});

it('refuses a half-configured tenant with a message naming the missing variables', async () => {
  await expect(startDemo({ KINDE_DOMAIN: 'https://myapp.kinde.com' })).rejects.toThrow(
    /KINDE_CLIENT_ID and KINDE_AUDIENCE must be too/,
  );
});
