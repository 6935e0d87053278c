// @vitest-environment node
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Builds src with the package's own build config into a fresh directory (inside the repo, so `react` and
// `ky` resolve), then checks what consumers would receive in dist/react.
const root = resolve(import.meta.dirname, '../..');
let out: string;
let files: { name: string; text: string }[];

beforeAll(async () => {
  const cache = join(root, 'node_modules/.cache');
  await mkdir(cache, { recursive: true });
  out = await mkdtemp(join(cache, 'react-build-'));
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  // tsc emits even when another part of src has a type error; the checks below only need the output.
  await promisify(execFile)(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', out], {
    cwd: root,
  }).catch(() => undefined);
  const names = await readdir(join(out, 'react'));
  files = await Promise.all(
    names
      .filter((name) => name.endsWith('.js') || name.endsWith('.d.ts'))
      .map(async (name) => ({ name, text: await readFile(join(out, 'react', name), 'utf8') })),
  );
}, 60_000);
afterAll(() => rm(out, { recursive: true, force: true }));

describe('the built React entry (dist/react)', () => {
  it("keeps 'use client' as the first line of every .js file", () => {
    const js = files.filter((f) => f.name.endsWith('.js'));
    expect(js.length).toBeGreaterThan(5);
    for (const file of js) expect(file.text.split('\n')[0], file.name).toBe("'use client';");
  });

  it('imports only react and its own files, so optional peers are never loaded', () => {
    const specifiers = files.flatMap((f) =>
      [...f.text.matchAll(/\bfrom\s+['"]([^'"]+)['"]/g)].map((m) => m[1]),
    );
    const external = new Set(specifiers.filter((s) => s !== undefined && !s.startsWith('.')));
    expect([...external].sort()).toEqual(['react', 'react/jsx-runtime']);
  });

  it('loads in Node and exports exactly the documented names', async () => {
    const entry = await import(pathToFileURL(join(out, 'react/index.js')).href);
    expect(Object.keys(entry).sort()).toEqual([
      'ApiClientProvider',
      'KindeAuthProvider',
      'useApi',
      'useApiClient',
      'useAuth',
      'useKindeReactTokenSource',
    ]);
  });
});
