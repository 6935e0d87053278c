import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, expect, it } from 'vitest';

// A tiny run of the benchmark script (bench/run.js) so it cannot rot: it must finish, print its one table,
// and the refresh storms must cost this client exactly one refresh. No timing is asserted here; the
// numbers themselves live in BENCHMARKS.md.

const root = resolve(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface StormRun {
  refreshes: number;
  failed: number;
  apiHits: number;
}

it('bench/run.js prints one table, and a refresh storm costs this client exactly one refresh', async () => {
  // Bench the current src (not a possibly stale dist): bundle it next to node_modules so ky resolves.
  const client = join(root, 'node_modules/.cache/kinde-api-client-bench/client.js');
  await build({
    entryPoints: [join(root, 'src/index.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: client,
    packages: 'external',
    logLevel: 'silent',
  });
  const jsonOut = join(work, 'results.json');
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--expose-gc', join(root, 'bench/run.js')],
    {
      cwd: root,
      env: {
        ...process.env,
        BENCH_SCALE: '0.02',
        BENCH_ROUNDS: '1',
        BENCH_STORM_REPS: '1',
        BENCH_CLIENT: client,
        BENCH_JSON_OUT: jsonOut,
      },
      maxBuffer: 1 << 20,
    },
  );

  const tableLines = stdout.split('\n').filter((line) => line.startsWith('| '));
  expect(tableLines[0]).toBe('| Benchmark | Variant | Result | Detail |');
  // One table: all its lines are contiguous.
  expect(stdout).toContain(tableLines.join('\n'));
  expect(tableLines.filter((line) => line.startsWith('| Benchmark |'))).toHaveLength(1);
  for (const section of ['overhead:', 'refresh storm:', 'stale-401 storm:', 'memory:', 'bundle size']) {
    expect(tableLines.some((line) => line.startsWith(`| ${section}`))).toBe(true);
  }
  expect(stdout).toMatch(/\| refresh storm: .* \| \(c\) this client \| 1 refresh\(es\) \|/);

  const results = JSON.parse(readFileSync(jsonOut, 'utf8')) as {
    config: { STORM: number };
    storm: Record<string, StormRun[]>;
  };
  for (const scenario of ['fresh-c', 'stale-c']) {
    const runs = results.storm[scenario] ?? [];
    expect(runs.length).toBeGreaterThan(0);
    for (const run of runs) {
      expect(run.refreshes).toBe(1);
      expect(run.failed).toBe(0);
      // Every request: one 401, then one retry that succeeds.
      expect(run.apiHits).toBe(2 * results.config.STORM);
    }
  }
}, 120_000);
