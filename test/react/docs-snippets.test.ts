// @vitest-environment node
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

// Keeps docs/react.md true: every ```tsx block must type-check as its own module against src, with the
// package's strict settings, importing `kinde-api-client` and `kinde-api-client/react` as users do.
const root = resolve(import.meta.dirname, '../..');
let dir: string | undefined;
afterAll(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined));

describe('docs/react.md', () => {
  it('every tsx snippet type-checks', async () => {
    const markdown = await readFile(join(root, 'docs/react.md'), 'utf8');
    const snippets = [...markdown.matchAll(/```tsx\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
    expect(snippets.length).toBeGreaterThanOrEqual(4);

    await mkdir(join(root, 'node_modules/.cache'), { recursive: true });
    dir = await mkdtemp(join(root, 'node_modules/.cache/react-doc-snippets-'));
    const files = await Promise.all(
      snippets.map(async (code, index) => {
        const file = join(dir as string, `snippet-${index + 1}.tsx`);
        await writeFile(file, code);
        return file;
      }),
    );

    const config = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile).config;
    const { options } = ts.convertCompilerOptionsFromJson(config.compilerOptions, root);
    const program = ts.createProgram(files, {
      ...options,
      noEmit: true,
      types: [],
      baseUrl: root,
      paths: {
        'kinde-api-client': ['src/index.ts'],
        'kinde-api-client/react': ['src/react/index.ts'],
      },
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file
        ? `${d.file.fileName.slice(dir?.length ?? 0)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}`
        : '';
      return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
    expect(diagnostics).toEqual([]);
  }, 60_000);
});
