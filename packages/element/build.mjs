// Self-contained ESM files (core bundled in): usable from a plain
// <script type="module" src=".../dist/index.js"> with no bundler. Declarations come from tsc.
// The tab-sharing code is a chunk of its own (dist/chunks/), loaded by `import()` only in browsers
// that can share tabs; if it cannot be loaded the elements work alone.
// - dist/index.js: minified, production (esbuild defines NODE_ENV as "production" when it
//   minifies for the browser, so development diagnostics are compiled out).
// - dist/index.development.js: the same with every development diagnostic kept (the console
//   warnings React's kit prints). Bundlers pick it through the `development` export condition
//   (Vite and webpack in development); a page without a bundler loads it by its path.
import { build } from 'esbuild';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const common = {
  entryPoints: [fileURLToPath(new URL('./src/index.ts', import.meta.url))],
  outdir: fileURLToPath(new URL('./dist', import.meta.url)),
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  format: 'esm',
  target: 'es2022',
  sourcemap: true,
  legalComments: 'none',
  // Core from its sources, so the bundle never depends on core's build having run first.
  alias: {
    '@zipteams/embed-core/internal': fileURLToPath(
      new URL('../core/src/internal.ts', import.meta.url),
    ),
    '@zipteams/embed-core': fileURLToPath(new URL('../core/src/index.ts', import.meta.url)),
  },
  logLevel: 'warning',
};

await Promise.all([
  build({ ...common, entryNames: 'index', minify: true }),
  build({
    ...common,
    entryNames: 'index.development',
    define: { 'process.env.NODE_ENV': '"development"' },
  }),
]);

// The framework entries (`@zipteams/element/vue`, `/svelte`, `/jsx`) are template types (their
// `.d.ts` from tsc); importing one at run time registers the elements, like the package itself,
// from the same file the package's own entry resolves to (`development` condition included), so
// an app that imports both never loads two copies.
for (const name of ['vue', 'svelte', 'jsx']) {
  for (const [suffix, target] of [
    ['', '../index.js'],
    ['.development', '../index.development.js'],
  ]) {
    writeFileSync(
      fileURLToPath(new URL(`./dist/frameworks/${name}${suffix}.js`, import.meta.url)),
      `// Types for ${name} templates are in ${name}.d.ts; importing this registers the elements.\nimport '${target}';\n`,
    );
  }
}
