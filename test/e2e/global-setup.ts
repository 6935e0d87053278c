import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * The e2e tests run the *built* package in the browser: build dist/ (tsc) and then the demo SPA (Vite),
 * which bundles dist/. Set E2E_SKIP_BUILD=1 to reuse existing builds while iterating.
 */
export default function setup() {
  if (process.env.E2E_SKIP_BUILD === '1') return;
  const cwd = fileURLToPath(new URL('../..', import.meta.url));
  execFileSync('npm', ['run', '--silent', 'build'], { cwd, stdio: 'inherit' });
  // Vitest sets NODE_ENV=test, which Vite would honour with a development React build.
  execFileSync('npm', ['run', '--silent', 'demo:build'], {
    cwd,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
}
