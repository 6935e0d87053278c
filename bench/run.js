// Benchmarks for kinde-api-client: per-request overhead, refresh storms, steady-state memory and bundle size,
// side by side with raw fetch, bare ky and axios + axios-auth-refresh. Prints ONE markdown table on stdout
// (progress goes to stderr).
//
//   npm run bench                       # = npm run build && node --expose-gc bench/run.js
//   BENCH_SCALE=0.02 node --expose-gc bench/run.js    # tiny smoke run (used by test/unit/bench-smoke.test.ts)
//
// Knobs (environment):
//   BENCH_SCALE       multiplies every request count (default 1: 5,000 / 1,000 / 50,000)
//   BENCH_ROUNDS      alternating overhead rounds (default 5)
//   BENCH_STORM_REPS  repetitions of each storm scenario (default 3)
//   BENCH_CLIENT      module to import createApiClient from (default ../dist/index.js)
//   BENCH_JSON_OUT    also write the raw results as JSON to this path
//   BENCH_SIZES=0     skip the bundle-size section
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import axios from 'axios';
import { createAuthRefresh } from 'axios-auth-refresh';
import ky from 'ky';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const env = process.env;
const scale = Number(env.BENCH_SCALE ?? 1);
const count = (n, min) => Math.max(min, Math.round(n * scale));
const N = count(5000, 50);
const CONCURRENCY = Math.min(50, N);
const STORM = count(1000, 20);
const MEMORY = count(50_000, 200);
const ROUNDS = Math.max(1, Number(env.BENCH_ROUNDS ?? 5));
const STORM_REPS = Math.max(1, Number(env.BENCH_STORM_REPS ?? 3));
const AUDIENCE = 'https://api.bench.test';
const clientModule = env.BENCH_CLIENT ? pathToFileURL(resolve(env.BENCH_CLIENT)).href : '../dist/index.js';
const { createApiClient } = await import(clientModule);

const log = (...args) => console.error('[bench]', ...args);
const median = (values) => {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

// ---------------------------------------------------------------------------------------------------------
// The server process and its control channel
// ---------------------------------------------------------------------------------------------------------
const server = fork(new URL('./server.js', import.meta.url), [], {
  execArgv: [],
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const pending = new Map();
let nextId = 0;
const port = await new Promise((resolveReady, reject) => {
  server.once('error', reject);
  server.on('message', (message) => {
    if (message.ready) resolveReady(message.port);
    else pending.get(message.id)?.(message.value);
  });
});
function control(cmd, extra = {}) {
  const id = ++nextId;
  return new Promise((done) => {
    pending.set(id, (value) => {
      pending.delete(id);
      done(value);
    });
    server.send({ id, cmd, ...extra });
  });
}
const origin = `http://127.0.0.1:${port}`;
const apiBase = `${origin}/api/`;

// ---------------------------------------------------------------------------------------------------------
// The four clients, each with its own token store and refresh counter
// ---------------------------------------------------------------------------------------------------------
/** A token store whose refresh asks the server for a new token (POST /token) and counts how often. */
function tokenStore(token) {
  const store = {
    token,
    refreshes: 0,
    async refresh() {
      store.refreshes += 1;
      const response = await fetch(`${origin}/token`, { method: 'POST' });
      const { access_token } = await response.json();
      store.token = access_token;
      return access_token;
    },
  };
  return store;
}

const variants = {
  a: {
    label: '(a) raw fetch',
    make(store) {
      return async (path = 'items') => {
        const response = await fetch(apiBase + path, { headers: { authorization: `Bearer ${store.token}` } });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return response.json();
      };
    },
  },
  b: {
    label: '(b) bare ky',
    make(store) {
      const api = ky.create({ baseUrl: apiBase, headers: { authorization: `Bearer ${store.token}` } });
      return (path = 'items') => api.get(path).json();
    },
  },
  c: {
    label: '(c) this client',
    make(store) {
      const api = createApiClient({
        baseUrl: apiBase,
        audience: AUDIENCE,
        auth: {
          getAccessToken: async () => store.token,
          refreshAccessToken: () => store.refresh(),
        },
      });
      return (path = 'items') => api.get(path).json();
    },
  },
  d: {
    label: '(d) axios + axios-auth-refresh',
    make(store) {
      // The library's documented setup: a request interceptor adds the current token, the refresh
      // interceptor calls refresh on a 401 and replays the request (which picks up the new token).
      const api = axios.create({ baseURL: apiBase });
      api.interceptors.request.use((config) => {
        config.headers.Authorization = `Bearer ${store.token}`;
        return config;
      });
      createAuthRefresh(api, async (failed) => {
        const token = await store.refresh();
        failed.response.config.headers.Authorization = `Bearer ${token}`;
      });
      return async (path = 'items') => (await api.get(path)).data;
    },
  },
  e: {
    label: "(d') axios-auth-refresh, deduplicateRefresh: false",
    make(store) {
      // With the default `deduplicateRefresh: true` the instance stops intercepting while a refresh runs, so
      // 401s that land during the refresh fail. Turning it off lets them wait for the running refresh.
      const api = axios.create({ baseURL: apiBase });
      api.interceptors.request.use((config) => {
        config.headers.Authorization = `Bearer ${store.token}`;
        return config;
      });
      createAuthRefresh(
        api,
        async (failed) => {
          const token = await store.refresh();
          failed.response.config.headers.Authorization = `Bearer ${token}`;
        },
        { deduplicateRefresh: false },
      );
      return async (path = 'items') => (await api.get(path)).data;
    },
  },
};
const order = ['a', 'b', 'c', 'd'];

/** Wall-clock ms and this process's CPU ms (user + system) for a run: the server's work is not in the CPU. */
async function measure(run) {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await run();
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { wall, cpu: (used.user + used.system) / 1000 };
}

async function sequential(n, call) {
  const start = performance.now();
  for (let i = 0; i < n; i++) await call();
  return performance.now() - start;
}

async function concurrent(n, concurrency, call) {
  let started = 0;
  const worker = async () => {
    while (started < n) {
      started += 1;
      await call();
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
  return performance.now() - start;
}

const pause = (ms) => new Promise((done) => setTimeout(done, ms));
/** Full GCs until the heap stops shrinking: undici frees some request state in FinalizationRegistry callbacks. */
async function collectGarbage() {
  if (!global.gc) return;
  let last = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 12; i++) {
    global.gc();
    await pause(5);
    const used = process.memoryUsage().heapUsed;
    if (i >= 2 && last - used < 16 * 1024) return;
    last = used;
  }
}

const results = { config: { N, CONCURRENCY, STORM, MEMORY, ROUNDS, STORM_REPS, scale } };
const rows = [];
const row = (benchmark, variant, result, detail = '') => rows.push([benchmark, variant, result, detail]);
const fmt = (value, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

// ---------------------------------------------------------------------------------------------------------
// 1. Per-request overhead
// ---------------------------------------------------------------------------------------------------------
async function overhead() {
  const token = await control('mint');
  const calls = Object.fromEntries(order.map((key) => [key, variants[key].make(tokenStore(token))]));
  for (const key of order) {
    const warm = Math.max(50, Math.round(N / 5));
    await sequential(warm, calls[key]);
    await concurrent(warm, CONCURRENCY, calls[key]);
  }
  const times = { seq: {}, conc: {} };
  const cpu = { seq: {}, conc: {} };
  for (const key of order) {
    for (const mode of ['seq', 'conc']) {
      times[mode][key] = [];
      cpu[mode][key] = [];
    }
  }
  const record = (mode, key, { wall, cpu: used }) => {
    times[mode][key].push(wall);
    cpu[mode][key].push(used);
  };
  for (let round = 0; round < ROUNDS; round++) {
    // Rotate the order every round so no client always runs first (or right after the same neighbour).
    const roundOrder = order.map((_, i) => order[(i + round) % order.length]);
    for (const key of roundOrder) {
      await collectGarbage();
      record('seq', key, await measure(() => sequential(N, calls[key])));
      await collectGarbage();
      record('conc', key, await measure(() => concurrent(N, CONCURRENCY, calls[key])));
    }
    log(`overhead round ${round + 1}/${ROUNDS} done`);
  }
  results.overhead = {};
  for (const [mode, title] of [
    ['seq', `overhead: ${fmt(N)} sequential GETs`],
    ['conc', `overhead: ${fmt(N)} GETs, concurrency ${CONCURRENCY}`],
  ]) {
    const med = Object.fromEntries(order.map((key) => [key, median(times[mode][key])]));
    const medCpu = Object.fromEntries(order.map((key) => [key, median(cpu[mode][key])]));
    for (const key of order) {
      row(
        title,
        variants[key].label,
        `${fmt((N / med[key]) * 1000)} req/s`,
        `median ${fmt(med[key])} ms (${fmt((med[key] * 1000) / N, 1)} µs/req); ` +
          `client CPU ${fmt((medCpu[key] * 1000) / N, 1)} µs/req; ${ROUNDS} rounds`,
      );
    }
    const perRound = (x, y) => times[mode][x].map((t, i) => t / times[mode][y][i]);
    const cb = med.c / med.b;
    const ca = med.c / med.a;
    const cbRounds = perRound('c', 'b');
    row(
      title,
      'ratio c/b (time)',
      cb.toFixed(3),
      `${cb <= 1.05 ? 'meets' : 'MISSES'} target ≤ 1.05; per round ${Math.min(...cbRounds).toFixed(2)}–${Math.max(...cbRounds).toFixed(2)}; ` +
        `c − b = ${fmt(((med.c - med.b) * 1000) / N, 1)} µs/req`,
    );
    row(title, 'ratio c/a (time)', ca.toFixed(3), `c − a = ${fmt(((med.c - med.a) * 1000) / N, 1)} µs/req`);
    const cbCpu = medCpu.c / medCpu.b;
    const cbCpuRounds = cpu[mode].c.map((t, i) => t / cpu[mode].b[i]);
    row(
      title,
      'ratio c/b (client CPU)',
      cbCpu.toFixed(3),
      `${cbCpu <= 1.05 ? 'meets' : 'MISSES'} 1.05; per round ${Math.min(...cbCpuRounds).toFixed(2)}–` +
        `${Math.max(...cbCpuRounds).toFixed(2)}; c − b = ${fmt(((medCpu.c - medCpu.b) * 1000) / N, 1)} µs CPU/req; ` +
        `c/a ${(medCpu.c / medCpu.a).toFixed(2)}`,
    );
    results.overhead[mode] = {
      times: times[mode],
      cpu: cpu[mode],
      median: med,
      medianCpu: medCpu,
      cb,
      ca,
      cbCpu,
    };
  }
}

/**
 * The auth layer alone: ky with a static header vs this client, both over a stub fetch that answers at once,
 * so sockets, the server and HTTP parsing drop out and only the per-request work above fetch remains.
 */
async function authLayer() {
  const token = await control('mint');
  const body = JSON.stringify({ ok: true });
  const stub = async () => new Response(body, { headers: { 'content-type': 'application/json' } });
  const b = ky.create({ baseUrl: apiBase, headers: { authorization: `Bearer ${token}` }, fetch: stub });
  const c = createApiClient({
    baseUrl: apiBase,
    audience: AUDIENCE,
    auth: { getAccessToken: async () => token, refreshAccessToken: async () => token },
    fetch: stub,
  });
  const calls = { b: () => b.get('items').json(), c: () => c.get('items').json() };
  const n = N;
  const cpu = { b: [], c: [] };
  for (const key of ['b', 'c']) await sequential(Math.round(n / 5), calls[key]);
  for (let round = 0; round < ROUNDS; round++) {
    for (const key of round % 2 ? ['c', 'b'] : ['b', 'c']) {
      await collectGarbage();
      cpu[key].push((await measure(() => sequential(n, calls[key]))).cpu);
    }
  }
  const b_ = (median(cpu.b) * 1000) / n;
  const c_ = (median(cpu.c) * 1000) / n;
  results.authLayer = { cpu, n, perRequest: { b: b_, c: c_ } };
  row(
    `auth layer alone: ${fmt(n)} sequential GETs over a stub fetch (no network)`,
    'c − b (client CPU)',
    `${fmt(c_ - b_, 1)} µs/req`,
    `(b) ${fmt(b_, 1)} µs/req, (c) ${fmt(c_, 1)} µs/req: c/b ${(c_ / b_).toFixed(2)}; medians of ${ROUNDS}`,
  );
  log('auth layer done');
}

// ---------------------------------------------------------------------------------------------------------
// 2. Refresh storms
// ---------------------------------------------------------------------------------------------------------
async function storm(key, stale) {
  const runs = [];
  for (let rep = 0; rep < STORM_REPS; rep++) {
    const store = tokenStore(await control('mint'));
    const call = variants[key].make(store);
    const all = (paths) => Promise.allSettled(paths.map((path) => call(path)));
    const paths = Array.from({ length: STORM }, (_, i) => (stale && i % 2 === 1 ? 'items?slow=1' : 'items'));
    await all(paths.map(() => 'items')); // warm the sockets for this client
    await collectGarbage();
    let start = performance.now();
    const normal = await all(paths.map(() => 'items'));
    const normalMs = performance.now() - start;
    if (normal.some((outcome) => outcome.status === 'rejected'))
      throw new Error(`${key}: normal round failed`);

    await control('revoke');
    await control('stale', { on: stale });
    await control('reset');
    store.refreshes = 0;
    start = performance.now();
    const outcomes = await all(paths);
    const stormMs = performance.now() - start;
    await control('stale', { on: false });
    const stats = await control('stats');
    const failed = outcomes.filter((outcome) => outcome.status === 'rejected');
    const reasons = [...new Set(failed.map((outcome) => String(outcome.reason?.message ?? outcome.reason)))];
    runs.push({
      refreshes: store.refreshes,
      apiHits: stats.apiHits,
      api401: stats.api401,
      held: stats.held,
      failed: failed.length,
      reasons: reasons.slice(0, 3),
      normalMs,
      stormMs,
    });
  }
  return runs;
}

async function storms() {
  results.storm = {};
  for (const stale of [false, true]) {
    const title = stale
      ? `stale-401 storm: ${fmt(STORM)} concurrent, half the 401s held until after the refresh`
      : `refresh storm: ${fmt(STORM)} concurrent after the token was revoked`;
    for (const key of ['c', 'd', 'e']) {
      const runs = await storm(key, stale);
      results.storm[`${stale ? 'stale' : 'fresh'}-${key}`] = runs;
      const list = (field) => {
        const values = [...new Set(runs.map((run) => run[field]))];
        return values.length === 1 ? String(values[0]) : runs.map((run) => run[field]).join('/');
      };
      const normalMs = median(runs.map((run) => run.normalMs));
      const stormMs = median(runs.map((run) => run.stormMs));
      const reasons = [...new Set(runs.flatMap((run) => run.reasons))];
      row(
        title,
        variants[key].label,
        `${list('refreshes')} refresh(es)`,
        `API hits ${list('apiHits')} (401s ${list('api401')}), failed ${list('failed')}` +
          `${reasons.length ? ` (${reasons.join('; ')})` : ''}, time ${fmt(stormMs)} ms = ` +
          `${(stormMs / normalMs).toFixed(2)}× a normal round (${fmt(normalMs)} ms); medians of ${runs.length}`,
      );
    }
    log(`${stale ? 'stale-401' : 'refresh'} storm done`);
  }
}

// ---------------------------------------------------------------------------------------------------------
// 3. Steady-state memory
// ---------------------------------------------------------------------------------------------------------
async function memory() {
  results.memory = {};
  if (!global.gc) {
    row('memory', 'all', 'n/a', 'run with node --expose-gc');
    return;
  }
  for (const key of ['c']) {
    const call = variants[key].make(tokenStore(await control('mint')));
    await concurrent(Math.max(200, Math.round(MEMORY / 20)), CONCURRENCY, call);
    await collectGarbage();
    const before = process.memoryUsage().heapUsed;
    // Two halves: growth that repeats in the second half is per-request (a leak), not a one-off.
    await concurrent(Math.round(MEMORY / 2), CONCURRENCY, call);
    await collectGarbage();
    const middle = process.memoryUsage().heapUsed;
    await concurrent(MEMORY - Math.round(MEMORY / 2), CONCURRENCY, call);
    await collectGarbage();
    const after = process.memoryUsage().heapUsed;
    results.memory[key] = { before, middle, after, growth: after - before };
    const mb = (bytes) => `${(bytes / 1048576).toFixed(2)} MB`;
    const signed = (bytes) => `${bytes >= 0 ? '+' : '−'}${kb(Math.abs(bytes))}`;
    row(
      `memory: heap after GC, before/after ${fmt(MEMORY)} GETs (concurrency ${CONCURRENCY})`,
      variants[key].label,
      signed(after - before),
      `${mb(before)} → ${mb(middle)} (half-way) → ${mb(after)}; halves ${signed(middle - before)} / ` +
        `${signed(after - middle)}; ${((after - before) / MEMORY).toFixed(1)} B/request`,
    );
    log(`memory ${key} done`);
  }
}

// ---------------------------------------------------------------------------------------------------------
// 4. Bundle size
// ---------------------------------------------------------------------------------------------------------
/** Leaves every bare import (packages: ky, peers) out of the bundle; relative files are bundled. */
const bareExternal = {
  name: 'bare-external',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      args.kind === 'entry-point' ? undefined : { external: true },
    );
  },
};

async function sizes() {
  results.sizes = {};
  const { build } = await import('esbuild');
  const dist = (file) => resolve(root, 'dist', file);
  const entries = [
    [
      'this package: core entry alone (ky, peers external)',
      { file: dist('index.js'), plugins: [bareExternal] },
    ],
    [
      'this package: createApiClient only, tree-shaken (ky external)',
      {
        code: `export { createApiClient } from ${JSON.stringify(dist('index.js'))};`,
        plugins: [bareExternal],
      },
    ],
    [
      'this package: React entry alone (ky, react, peers external)',
      { file: dist('react/index.js'), plugins: [bareExternal] },
    ],
    [
      'this package: core + ky (peers external)',
      { file: dist('index.js'), external: ['@kinde-oss/kinde-auth-pkce-js'] },
    ],
    [
      'axios + axios-auth-refresh',
      {
        code: "export { default as axios } from 'axios'; export { createAuthRefresh } from 'axios-auth-refresh';",
      },
    ],
    ['@auth0/auth0-spa-js', { code: "export * from '@auth0/auth0-spa-js';" }],
    [
      '@kinde-oss/kinde-auth-pkce-js',
      {
        code: "export * from '@kinde-oss/kinde-auth-pkce-js'; export { default } from '@kinde-oss/kinde-auth-pkce-js';",
      },
    ],
    ['openapi-fetch', { code: "export * from 'openapi-fetch'; export { default } from 'openapi-fetch';" }],
    ['ky alone', { code: "export * from 'ky'; export { default } from 'ky';" }],
  ];
  for (const [label, entry] of entries) {
    try {
      const output = await build({
        ...(entry.code
          ? { stdin: { contents: entry.code, resolveDir: root, loader: 'js' } }
          : { entryPoints: [entry.file] }),
        bundle: true,
        minify: true,
        platform: 'browser',
        format: 'esm',
        target: 'es2022',
        write: false,
        logLevel: 'silent',
        external: entry.external ?? [],
        plugins: entry.plugins ?? [],
        define: { 'process.env.NODE_ENV': '"production"' },
      });
      const bytes = output.outputFiles[0].contents;
      const gzip = gzipSync(bytes, { level: 9 }).length;
      results.sizes[label] = { min: bytes.length, gzip };
      row('bundle size (esbuild minify, browser ESM; gzip -9)', label, kb(gzip), `min ${kb(bytes.length)}`);
    } catch (error) {
      results.sizes[label] = null;
      const reason = String(error?.errors?.[0]?.text ?? error?.message ?? error).split('\n')[0];
      row('bundle size (esbuild minify, browser ESM; gzip -9)', label, 'n/a', reason.slice(0, 100));
    }
  }
  log('sizes done');
}

// ---------------------------------------------------------------------------------------------------------
const started = performance.now();
try {
  // Memory first: later phases leave up to 1,000 keep-alive sockets per client whose idle timeouts would
  // free heap during the measurement and hide any growth.
  await memory();
  await overhead();
  await authLayer();
  await storms();
  if (env.BENCH_SIZES !== '0') await sizes();
} finally {
  server.disconnect();
  server.kill();
}
results.seconds = (performance.now() - started) / 1000;

const header = ['Benchmark', 'Variant', 'Result', 'Detail'];
const escapeCell = (cell) => String(cell).replaceAll('|', '\\|');
const lines = [header, header.map(() => '---'), ...rows].map(
  (cells) => `| ${cells.map(escapeCell).join(' | ')} |`,
);
console.log(lines.join('\n'));
console.log(
  `\n${fmt(results.seconds, 1)} s total; node ${process.version}; ${fmt(N)} requests per overhead run, ` +
    `${ROUNDS} rounds; storm ${fmt(STORM)}; memory ${fmt(MEMORY)}; client ${clientModule}`,
);
if (env.BENCH_JSON_OUT) writeFileSync(env.BENCH_JSON_OUT, JSON.stringify(results, null, 2));
