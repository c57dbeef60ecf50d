// One self-contained ESM file (core bundled in, minified): usable from a plain
// <script type="module" src=".../dist/index.js"> with no bundler. Declarations come from tsc.
import { build } from 'esbuild';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

await build({
  entryPoints: [fileURLToPath(new URL('./src/index.ts', import.meta.url))],
  outfile: fileURLToPath(new URL('./dist/index.js', import.meta.url)),
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  legalComments: 'none',
  // Core from its sources, so the bundle never depends on core's build having run first.
  alias: {
    '@zipteams/embed-core': fileURLToPath(new URL('../core/src/index.ts', import.meta.url)),
  },
  logLevel: 'warning',
});

// The framework entries (`@zipteams/element/vue`, `/svelte`, `/jsx`) are template types (their
// `.d.ts` from tsc); importing one at run time registers the elements, like the package itself.
for (const name of ['vue', 'svelte', 'jsx']) {
  writeFileSync(
    fileURLToPath(new URL(`./dist/frameworks/${name}.js`, import.meta.url)),
    `// Types for ${name} templates are in ${name}.d.ts; importing this registers the elements.\nimport '../index.js';\n`,
  );
}
