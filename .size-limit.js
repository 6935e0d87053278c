// Size budget for the built entries, minified and gzipped (-9), as browser ESM: the same measure as the
// bundle-size table of `npm run bench`, so the two agree. Peers are never counted: the app has them anyway.
// Limits are ~5–7% above the measured size; raise one only with a reason in the commit message.
const peers = ['@kinde-oss/kinde-auth-pkce-js', '@kinde-oss/kinde-auth-react', '@tanstack/react-query'];
const react = ['react', 'react-dom'];

/** esbuild's defaults would wrap the bundle in an IIFE; measure what a bundler gets: ESM, es2022. */
const asBundlerInput = (config) => ({
  ...config,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  define: { 'process.env.NODE_ENV': '"production"' },
});

export default [
  {
    name: 'core (dist/index.js) with ky',
    path: 'dist/index.js',
    ignore: peers,
    limit: '15100 B',
  },
  {
    name: 'core (dist/index.js) without ky',
    path: 'dist/index.js',
    ignore: ['ky', ...peers],
    limit: '6400 B',
  },
  {
    name: 'React entry (dist/react/index.js), without ky and React',
    path: 'dist/react/index.js',
    ignore: ['ky', ...react, ...peers],
    limit: '1820 B',
  },
].map((check) => ({ ...check, gzip: true, modifyEsbuildConfig: asBundlerInput }));
