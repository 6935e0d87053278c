import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const documents = ['README.md', 'SECURITY.md', 'demo/README.md'];

/** Identifiers the docs use without declaring them, as a reader's app would have them. */
const globals = `
import type { ApiClient, KindeAuth } from 'kinde-api-client';
declare global {
  const api: ApiClient;
  const auth: KindeAuth;
}
export {};
`;

async function markdownFiles(): Promise<string[]> {
  const docs = (await readdir(join(root, 'docs'))).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`);
  const present = await Promise.all(
    documents.map((f) =>
      readFile(join(root, f)).then(
        () => f,
        () => undefined,
      ),
    ),
  );
  return [...present.filter((f): f is string => f !== undefined), ...docs];
}

it('every ts/tsx code block in the README and docs type-checks against the built package', async () => {
  const dir = join(root, '.tmp/doc-snippets');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const file of await markdownFiles()) {
    const text = await readFile(join(root, file), 'utf8');
    const blocks = [...text.matchAll(/^[ \t]*```(ts|tsx)\n([\s\S]*?)^[ \t]*```/gm)];
    for (const [index, block] of blocks.entries()) {
      const name = `${file.replace(/[/.]/g, '_')}_${index}.${block[1]}`;
      await writeFile(join(dir, name), `${block[2]}\nexport {};\n`);
      written.push(name);
    }
  }
  await writeFile(join(dir, 'globals.d.ts'), globals);
  await writeFile(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'ESNext',
        moduleResolution: 'Bundler',
        lib: ['ES2023', 'DOM', 'DOM.Iterable'],
        jsx: 'react-jsx',
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: [],
      },
      include: ['*.ts', '*.tsx'],
    }),
  );
  expect(written.length).toBeGreaterThanOrEqual(3);
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  const result = await promisify(execFile)(process.execPath, [tsc, '-p', dir]).then(
    () => '',
    (error: { stdout?: string }) => error.stdout ?? String(error),
  );
  expect(result).toBe('');
  await rm(dir, { recursive: true, force: true });
}, 60_000);
