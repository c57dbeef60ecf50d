// Self-contained ESM files (core bundled in): usable from a plain
// <script type="module" src=".../dist/index.js"> with no bundler. Declarations come from tsc.
// - dist/index.js: minified, production (esbuild defines NODE_ENV as "production" when it
//   minifies for the browser, so development diagnostics are compiled out).
// - dist/index.development.js: the same with every development diagnostic kept (the console
//   warnings React's kit prints). Bundlers pick it through the `development` export condition
//   (Vite and webpack in development); a page without a bundler loads it by its path.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const common = {
  entryPoints: [fileURLToPath(new URL('./src/index.ts', import.meta.url))],
  bundle: true,
  format: 'esm',
  target: 'es2022',
  sourcemap: true,
  legalComments: 'none',
  // Core from its sources, so the bundle never depends on core's build having run first.
  alias: {
    '@zipteams/embed-core': fileURLToPath(new URL('../core/src/index.ts', import.meta.url)),
  },
  logLevel: 'warning',
};

await Promise.all([
  build({
    ...common,
    outfile: fileURLToPath(new URL('./dist/index.js', import.meta.url)),
    minify: true,
  }),
  build({
    ...common,
    outfile: fileURLToPath(new URL('./dist/index.development.js', import.meta.url)),
    define: { 'process.env.NODE_ENV': '"development"' },
  }),
]);
