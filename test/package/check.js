#!/usr/bin/env node
// Checks the package the way a user gets it: the packed tarball, not the repo. Each step prints one
// PASS/FAIL line; the script exits non-zero if any step failed.
//
//   1. pack        npm pack (runs `prepack`, i.e. a fresh build) into a temp dir
//   2. files       everything exports/main/types, every relative import in .js/.d.ts and every source map
//                  points at is in the tarball; every bare import is a dependency or peer; no tests shipped
//   3. publint     publint --strict on the tarball; suggestions count as problems too
//   4. attw        @arethetypeswrong/cli on the tarball with the esm-only profile
//   5. install     a fresh project installs the tarball plus the runtime peers (from the npm cache)
//   6. node-import both entry points import in Node ESM, the React one without a DOM
//   7. tsc-*       a consumer using both entries and the error guards type-checks (skipLibCheck off, so
//                  the emitted .d.ts are checked too) under moduleResolution bundler and node16
//   8. vite        a tiny Vite app using both entries builds, and the bundle contains the client
//   9. react18     with React 18 installed: a server render, and a client render (jsdom) whose useApi
//                  call reaches a real local server
//
// KEEP_TMP=1 keeps the temp dirs for debugging.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const keep = process.env.KEEP_TMP === '1';

const work = mkdtempSync(join(tmpdir(), 'kinde-api-client-package-'));
const packDir = join(work, 'pack');
const app = join(work, 'app');
const unpacked = join(work, 'unpacked');
mkdirSync(packDir);
mkdirSync(app);

const results = [];

/** Runs a step; a step that returns a string has its note printed; one that throws fails. */
async function step(name, fn, { needs = [] } = {}) {
  const missing = needs.filter((n) => !results.some((r) => r.name === n && r.ok));
  if (missing.length > 0) {
    results.push({ name, ok: false });
    console.log(`FAIL ${name}: skipped, needs ${missing.join(', ')}`);
    return;
  }
  const started = Date.now();
  try {
    const note = await fn();
    results.push({ name, ok: true });
    console.log(`PASS ${name}${note ? `: ${note}` : ''} (${((Date.now() - started) / 1000).toFixed(1)}s)`);
  } catch (error) {
    results.push({ name, ok: false });
    console.log(`FAIL ${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Runs a command; throws with its output when it exits non-zero. */
function run(command, args, options = {}) {
  const result = spawnSync(command, args, {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    maxBuffer: 64 * 1024 * 1024,
    ...options,
  });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
    throw new Error(
      `\`${[command, ...args].join(' ')}\` exited with ${result.status ?? result.signal}\n${indent(output)}`,
    );
  }
  return result;
}

const indent = (text) =>
  text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');

/** The version installed in the repo, so the temp project installs the same one from the npm cache. */
function installedVersion(name) {
  return JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
}

let tarball;
let packed; // Set of paths inside the tarball, relative to the package root

await step('pack', () => {
  // `npm pack` runs `prepack` (the build), whose output also lands on stdout: the JSON is the last part.
  const { stdout } = run('npm', ['pack', '--json', '--pack-destination', packDir]);
  const json = stdout.slice(stdout.lastIndexOf('\n[') + 1);
  const [info] = JSON.parse(json.startsWith('[') ? json : stdout);
  tarball = join(packDir, info.filename);
  packed = new Set(info.files.map((file) => file.path));
  // Read what was packed, not the repo (which others may be rebuilding meanwhile).
  mkdirSync(unpacked);
  run('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1']);
  return `${info.filename}, ${info.files.length} files, ${(info.size / 1024).toFixed(1)} kB packed`;
});

await step(
  'files',
  () => {
    const problems = [];
    const need = (path, why) => {
      if (!packed.has(path)) problems.push(`${path} (${why}) is not in the tarball`);
    };
    const rel = (target) => posix.normalize(target).replace(/^\.\//, '');

    // Entry points: exports (every condition), main, types.
    const walk = (value, where) => {
      if (typeof value === 'string') need(rel(value), where);
      else if (value && typeof value === 'object')
        for (const [key, inner] of Object.entries(value)) walk(inner, `${where}.${key}`);
    };
    walk(pkg.exports, 'exports');
    if (pkg.main) need(rel(pkg.main), 'main');
    if (pkg.types) need(rel(pkg.types), 'types');

    // What the shipped files reference.
    const declared = new Set([
      ...Object.keys(pkg.dependencies ?? {}),
      ...Object.keys(pkg.peerDependencies ?? {}),
    ]);
    const specifier = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g;
    for (const file of packed) {
      const isDts = file.endsWith('.d.ts');
      if (file.endsWith('.js') || isDts) {
        const code = readFileFromPack(file);
        for (const [, spec] of code.matchAll(specifier)) {
          if (spec.startsWith('.')) {
            const target = posix.join(posix.dirname(file), spec);
            need(isDts ? target.replace(/\.js$/, '.d.ts') : target, `imported by ${file}`);
          } else if (!spec.startsWith('node:') && !builtinModules.includes(spec)) {
            const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
            if (!declared.has(name) && !declared.has(`@types/${name}`)) {
              problems.push(
                `${file} imports "${spec}", but "${name}" is neither a dependency nor a peerDependency`,
              );
            }
          }
        }
      }
      if (file.endsWith('.map')) {
        const map = JSON.parse(readFileFromPack(file));
        for (const source of map.sources ?? []) {
          need(posix.join(posix.dirname(file), map.sourceRoot ?? '', source), `source of ${file}`);
        }
      }
      if (/\.test\.|\.test-d\.|tsbuildinfo/.test(file)) problems.push(`${file} is a test/build artefact`);
    }
    if (problems.length > 0) throw new Error(`\n${indent([...new Set(problems)].join('\n'))}`);
    return `${packed.size} files, every reference resolves`;
  },
  { needs: ['pack'] },
);

/** Reads a file from the unpacked tarball. */
function readFileFromPack(path) {
  return readFileSync(join(unpacked, path), 'utf8');
}

await step(
  'publint',
  async () => {
    const { publint } = await import('publint');
    const { formatMessage } = await import('publint/utils');
    const data = readFileSync(tarball);
    const { messages, pkg: packedPkg } = await publint({
      pack: { tarball: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) },
      level: 'suggestion',
      strict: true,
    });
    if (messages.length > 0) {
      const lines = messages.map((m) => `${m.type}: ${formatMessage(m, packedPkg, { color: false })}`);
      throw new Error(`${messages.length} problem(s)\n${indent(lines.join('\n'))}`);
    }
    return 'no errors, warnings or suggestions (--strict)';
  },
  { needs: ['pack'] },
);

await step(
  'attw',
  () => {
    // `attw <tarball>` analyses an existing tarball (`--pack <dir>` would pack a directory itself).
    const attw = join(root, 'node_modules/@arethetypeswrong/cli/dist/index.js');
    run(process.execPath, [attw, tarball, '--profile', 'esm-only', '--no-emoji', '--no-color']);
    return 'profile esm-only, no problems for "." and "./react"';
  },
  { needs: ['pack'] },
);

await step(
  'install',
  () => {
    writeFileSync(
      join(app, 'package.json'),
      `${JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2)}\n`,
    );
    const deps = [
      '@kinde-oss/kinde-auth-pkce-js',
      'react',
      'react-dom',
      // For the consumer checks only: React's types, and a Standard Schema library for `.json(schema)`.
      '@types/react',
      '@types/react-dom',
      'zod',
    ].map((name) => `${name}@${installedVersion(name)}`);
    run('npm', ['install', tarball, ...deps, '--prefer-offline', '--no-audit', '--no-fund'], {
      cwd: app,
    });
    return `tarball + ${deps.join(', ')}`;
  },
  { needs: ['pack'] },
);

await step(
  'node-import',
  () => {
    const script = `
      if (typeof window !== 'undefined' || typeof document !== 'undefined') throw new Error('a DOM exists');
      const core = await import('kinde-api-client');
      const react = await import('kinde-api-client/react');
      const want = {
        core: ['createApiClient', 'createKindeAuth', 'isApiClientError', 'isNotAuthenticatedError',
          'isAudienceMismatchError', 'isInsufficientScopeError', 'isForeignOriginError', 'ApiClientError',
          'NotAuthenticatedError', 'AudienceMismatchError', 'InsufficientScopeError', 'HTTPError'],
        react: ['ApiClientProvider', 'KindeAuthProvider', 'useApi', 'useApiClient', 'useAuth'],
      };
      const missing = [
        ...want.core.filter((n) => typeof core[n] !== 'function').map((n) => 'kinde-api-client: ' + n),
        ...want.react.filter((n) => typeof react[n] !== 'function').map((n) => 'kinde-api-client/react: ' + n),
      ];
      if (missing.length) throw new Error('missing exports: ' + missing.join(', '));
      console.log(Object.keys(core).length + ' core exports, ' + Object.keys(react).length + ' react exports');
    `;
    const { stdout } = run(process.execPath, ['--input-type=module', '-e', script], { cwd: app });
    return stdout.trim();
  },
  { needs: ['install'] },
);

const consumerCore = `import {
  type ApiClient,
  type AuthState,
  createApiClient,
  createKindeAuth,
  HTTPError,
  isApiClientError,
  isAudienceMismatchError,
  isInsufficientScopeError,
  isNotAuthenticatedError,
  type KindeAuth,
  type NotAuthenticatedReason,
  type TokenSource,
} from 'kinde-api-client';
import { z } from 'zod';

const source: TokenSource = {
  getAccessToken: async () => 'token',
  refreshAccessToken: async () => null,
};
export const api: ApiClient = createApiClient({
  baseUrl: 'https://api.example.com/',
  audience: 'https://api.example.com',
  auth: source,
  onUnauthenticated: (error) => console.log(error.reason),
});

interface Book {
  id: string;
  title: string;
}
const BookSchema = z.object({ id: z.string(), title: z.string() });

export async function load(): Promise<Book[]> {
  const one: Book = await api.get('books/1').json(BookSchema);
  try {
    return [one, ...(await api.get('books').json<Book[]>())];
  } catch (error) {
    if (isNotAuthenticatedError(error)) {
      const reason: NotAuthenticatedReason = error.reason;
      console.log(reason, error.code);
    } else if (isInsufficientScopeError(error)) {
      const scope: readonly string[] = error.scope;
      console.log(scope, error.response.status);
    } else if (isAudienceMismatchError(error)) {
      const expected: string = error.expected;
      const actual: readonly string[] = error.actual;
      console.log(expected, actual);
    } else if (error instanceof HTTPError) {
      console.log(error.response.status);
    } else if (isApiClientError(error)) {
      console.log(error.code);
    }
    throw error;
  }
}

export const auth: Promise<KindeAuth> = createKindeAuth({
  domain: 'https://example.kinde.com',
  clientId: 'client',
  redirectUri: 'https://app.example.com',
  audience: 'https://api.example.com',
});
export const status = (await auth).getSnapshot().status satisfies AuthState['status'];

// @ts-expect-error audience is required
createApiClient({ baseUrl: 'https://api.example.com/', auth: source });
// @ts-expect-error audience is required
createKindeAuth({ domain: 'https://example.kinde.com', clientId: 'client', redirectUri: 'https://app.example.com' });

// Nothing public may silently degrade to \`any\` (e.g. when a dependency's types fail to resolve).
type IsAny<T> = 0 extends 1 & T ? true : false;
export const notAny: [
  IsAny<ApiClient>,
  IsAny<Awaited<ReturnType<typeof api.get>>>,
  IsAny<KindeAuth['client']>,
  IsAny<Parameters<KindeAuth['login']>[0]>,
  IsAny<NonNullable<ReturnType<KindeAuth['getUser']>>>,
] = [false, false, false, false, false];
`;

const consumerReact = `import { type ReactNode, useState } from 'react';
import { type ApiClient, createApiClient, type KindeAuth, isNotAuthenticatedError } from 'kinde-api-client';
import {
  ApiClientProvider,
  KindeAuthProvider,
  type UseApiResult,
  useApi,
  useApiClient,
  useAuth,
  useKindeReactTokenSource,
} from 'kinde-api-client/react';

interface Book {
  id: string;
  title: string;
}

function Books(): ReactNode {
  const result: UseApiResult<Book[]> = useApi(['books'], (api, { signal }) =>
    api.get('books', { signal }).json<Book[]>(),
  );
  const client: ApiClient = useApiClient();
  const { isAuthenticated, login, user } = useAuth();
  if (isNotAuthenticatedError(result.error)) return <button onClick={() => login()}>Sign in</button>;
  return (
    <ul title={String(isAuthenticated && user?.email)} data-client={typeof client}>
      {result.data?.map((book) => <li key={book.id}>{book.title}</li>)}
    </ul>
  );
}

export function Root({ auth }: { auth: Promise<KindeAuth> }): ReactNode {
  const [api] = useState(() =>
    createApiClient({
      baseUrl: 'https://api.example.com/',
      audience: 'https://api.example.com',
      auth: { getAccessToken: async () => null, refreshAccessToken: async () => null },
    }),
  );
  return (
    <KindeAuthProvider auth={auth}>
      <ApiClientProvider client={api}>
        <Books />
      </ApiClientProvider>
    </KindeAuthProvider>
  );
}

export function useSource() {
  return useKindeReactTokenSource(
    { getAccessToken: async () => null, refreshToken: async () => ({ success: false }) },
    { domain: 'https://example.kinde.com', clientId: 'client' },
  );
}
`;

const baseCompilerOptions = {
  target: 'ES2022',
  lib: ['ES2023', 'DOM', 'DOM.Iterable'],
  jsx: 'react-jsx',
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  verbatimModuleSyntax: true,
  // Off on purpose: the emitted .d.ts (and what they pull in) must type-check for consumers who check libs.
  skipLibCheck: false,
  noEmit: true,
  types: [],
};

// Upstream type errors that only show under node16 with skipLibCheck off, in files this package does not
// ship: pkce-js 4.x's `import` condition points at a .d.ts that node16 reads as CommonJS (the package has no
// `"type": "module"` and no .d.mts), which then cannot import the ESM-only @kinde/js-utils, whose own
// .d.ts use extensionless relative imports. Errors here are reported and tolerated; any other fails.
const upstreamTypeErrors = ['node_modules/@kinde-oss/kinde-auth-pkce-js/', 'node_modules/@kinde/js-utils/'];

/** tsc diagnostics, one string per error (with its continuation lines), and the file each is in. */
function diagnostics(output) {
  const errors = [];
  for (const line of output.split('\n')) {
    const match = /^(.+?)\(\d+,\d+\): error TS\d+/.exec(line);
    if (match) errors.push({ file: match[1], text: line });
    else if (line.trim() && errors.length > 0) errors[errors.length - 1].text += `\n${line}`;
    else if (line.trim()) errors.push({ file: '', text: line });
  }
  return errors;
}

for (const [label, resolution] of [
  ['tsc-bundler', { module: 'ESNext', moduleResolution: 'Bundler' }],
  ['tsc-node16', { module: 'Node16', moduleResolution: 'Node16' }],
]) {
  await step(
    label,
    () => {
      mkdirSync(join(app, 'src'), { recursive: true });
      writeFileSync(join(app, 'src/consumer.ts'), consumerCore);
      writeFileSync(join(app, 'src/consumer-react.tsx'), consumerReact);
      const config = join(app, `tsconfig.${label}.json`);
      writeFileSync(
        config,
        JSON.stringify({ compilerOptions: { ...baseCompilerOptions, ...resolution }, include: ['src'] }),
      );
      const result = spawnSync(process.execPath, [tsc, '-p', config, '--pretty', 'false'], {
        cwd: app,
        encoding: 'utf8',
      });
      const errors = diagnostics(`${result.stdout}${result.stderr}`);
      const upstream = errors.filter((e) => upstreamTypeErrors.some((prefix) => e.file.startsWith(prefix)));
      const ours = errors.filter((e) => !upstream.includes(e));
      if (ours.length > 0 || (result.status !== 0 && errors.length === 0)) {
        throw new Error(`tsc found ${ours.length} error(s)\n${indent(ours.map((e) => e.text).join('\n'))}`);
      }
      const settings = `module ${resolution.module}, moduleResolution ${resolution.moduleResolution}, skipLibCheck off`;
      return upstream.length === 0
        ? settings
        : `${settings}; tolerated ${upstream.length} upstream error(s) in pkce-js/@kinde/js-utils types`;
    },
    { needs: ['install'] },
  );
}

await step(
  'vite',
  async () => {
    const site = join(app, 'site');
    mkdirSync(site, { recursive: true });
    writeFileSync(
      join(site, 'index.html'),
      '<!doctype html><html><body><div id="root"></div><script type="module" src="./main.js"></script></body></html>\n',
    );
    writeFileSync(
      join(site, 'main.js'),
      `import { createApiClient, isNotAuthenticatedError } from 'kinde-api-client';
import { ApiClientProvider, useApi } from 'kinde-api-client/react';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';

const api = createApiClient({
  baseUrl: 'https://api.example.com/',
  audience: 'https://api.example.com',
  auth: { getAccessToken: async () => null, refreshAccessToken: async () => null },
});
function App() {
  const { data, error } = useApi(['books'], (client, { signal }) => client.get('books', { signal }).json());
  return createElement('pre', null, isNotAuthenticatedError(error) ? 'signed out' : JSON.stringify(data));
}
createRoot(document.getElementById('root')).render(
  createElement(ApiClientProvider, { client: api }, createElement(App)),
);
`,
    );
    // The repo's Vite, resolved from this script's location.
    const { build } = await import('vite');
    const outDir = join(site, 'dist');
    await build({ root: site, configFile: false, logLevel: 'error', build: { outDir, emptyOutDir: true } });
    const assets = join(outDir, 'assets');
    const js = readdirSync(assets)
      .filter((file) => file.endsWith('.js'))
      .map((file) => readFileSync(join(assets, file), 'utf8'))
      .join('\n');
    // Messages the client and the React entry really throw: if they are in the bundle, so is the code.
    const markers = {
      core: 'ERR_FOREIGN_ORIGIN',
      react: 'was called outside <ApiClientProvider>',
      ky: 'Request failed with ',
    };
    const absent = Object.entries(markers).filter(([, marker]) => !js.includes(marker));
    if (absent.length > 0) {
      throw new Error(`the bundle lacks ${absent.map(([what, m]) => `${what} ("${m}")`).join(', ')}`);
    }
    // The app never calls createKindeAuth: with "sideEffects": false, neither it nor pkce-js may be bundled.
    const unused = {
      createKindeAuth: 'createKindeAuth runs in the browser only',
      '@kinde-oss/kinde-auth-pkce-js': 'kinde_refresh_lock',
    };
    const leaked = Object.entries(unused).filter(([, marker]) => js.includes(marker));
    if (leaked.length > 0) {
      throw new Error(`tree-shaking failed: the bundle has ${leaked.map(([what]) => what).join(', ')}`);
    }
    return (
      `bundle ${(js.length / 1024).toFixed(1)} kB min: has the core client, ky and the React entry; ` +
      'unused createKindeAuth and pkce-js tree-shaken'
    );
  },
  { needs: ['install'] },
);

await step(
  'react18',
  () => {
    // The React entry declares react ^18 || ^19; the repo develops on 19, so prove 18 on the tarball: a
    // server render, then a client render in jsdom whose useApi call reaches a real local server.
    const app18 = join(work, 'app18');
    mkdirSync(app18);
    writeFileSync(
      join(app18, 'package.json'),
      '{ "name": "consumer-react18", "private": true, "type": "module" }\n',
    );
    run(
      'npm',
      ['install', tarball, 'react@18', 'react-dom@18', '--prefer-offline', '--no-audit', '--no-fund'],
      { cwd: app18 },
    );
    const script = `
      import { createServer } from 'node:http';
      import { JSDOM } from ${JSON.stringify(join(root, 'node_modules/jsdom/lib/api.js'))};
      const React = await import('react');
      const { renderToString } = await import('react-dom/server');
      const { createApiClient } = await import('kinde-api-client');
      const { ApiClientProvider, useApi } = await import('kinde-api-client/react');
      if (!React.version.startsWith('18.')) throw new Error('expected React 18, got ' + React.version);
      const h = React.createElement;
      const server = createServer((req, res) => {
        res.writeHead(req.headers.authorization === 'Bearer opaque-token' ? 200 : 401, { 'content-type': 'application/json' });
        res.end(JSON.stringify([{ title: 'Kindred' }]));
      });
      await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
      const api = createApiClient({
        baseUrl: 'http://127.0.0.1:' + server.address().port + '/',
        audience: 'https://api.example.com',
        auth: { getAccessToken: async () => 'opaque-token', refreshAccessToken: async () => null },
      });
      function Books() {
        const { data, isLoading } = useApi(['books'], (client, { signal }) => client.get('books', { signal }).json());
        return h('p', { id: 'out' }, isLoading ? 'loading' : data.map((b) => b.title).join());
      }
      const tree = h(ApiClientProvider, { client: api }, h(Books));
      const html = renderToString(tree);
      if (!html.includes('loading')) throw new Error('server render: ' + html);
      const dom = new JSDOM('<!doctype html><div id="root"></div>');
      Object.assign(globalThis, { window: dom.window, document: dom.window.document });
      const { createRoot } = await import('react-dom/client');
      createRoot(document.getElementById('root')).render(tree);
      for (let i = 0; i < 200 && document.getElementById('out')?.textContent !== 'Kindred'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      server.close();
      const text = document.getElementById('out')?.textContent;
      if (text !== 'Kindred') throw new Error('client render shows ' + JSON.stringify(text));
      console.log('React ' + React.version);
    `;
    const { stdout } = run(process.execPath, ['--input-type=module', '-e', script], { cwd: app18 });
    return `${stdout.trim()}: server render, then client render with useApi fetching from a local server`;
  },
  { needs: ['pack'] },
);

if (keep) console.log(`kept ${work}`);
else rmSync(work, { recursive: true, force: true });

const failed = results.filter((r) => !r.ok);
console.log(
  failed.length === 0
    ? `PASS package: all ${results.length} checks`
    : `FAIL package: ${failed.map((r) => r.name).join(', ')}`,
);
process.exitCode = failed.length === 0 ? 0 : 1;
