// @ts-check
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const packageRoot = fileURLToPath(new URL('../..', import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  resolve: {
    // In your app, `kinde-api-client` comes from node_modules. Here the demo lives inside the package, and
    // Vite does not resolve a package's self-reference, so point the name at the *built* output (never
    // src/): the demo and the e2e tests run exactly what npm would ship. `npm run build` makes dist/.
    alias: [
      { find: /^kinde-api-client$/, replacement: `${packageRoot}dist/index.js` },
      { find: /^kinde-api-client\/react$/, replacement: `${packageRoot}dist/react/index.js` },
    ],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
});
