// Usage: node bench/feature-costs/measure.mjs <root>  (root: a checkout whose packages/*/src to bundle)
// Prints gzip (level 9) and min bytes loaded with the page, and lazy, for the React pick and the
// element, bundled as .size-limit.cjs does (esbuild, minify, splitting, production, peers external).
import * as esbuild from 'esbuild';
import { gzipSync } from 'node:zlib';
const root = process.argv[2] ?? process.cwd();
const alias = {
  '@zipteams/embed-core/tabs': `${root}/packages/core/src/tabs.ts`,
  '@zipteams/embed-core/protocol': `${root}/packages/core/src/protocol.ts`,
  '@zipteams/embed-core/internal': `${root}/packages/core/src/internal.ts`,
  '@zipteams/embed-core': `${root}/packages/core/src/index.ts`,
  '@zipteams/react': `${root}/packages/react/src/index.ts`,
  '@zipteams/element': `${root}/packages/element/src/index.ts`,
};
async function measure(name, contents) {
  const r = await esbuild.build({
    stdin: { contents, resolveDir: root, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    splitting: true,
    outdir: '/tmp/measure-out',
    write: false,
    metafile: true,
    alias,
    define: { 'process.env.NODE_ENV': '"production"' },
    external: ['react', 'react-dom', '@tanstack/react-query', 'react/jsx-runtime'],
    logLevel: 'error',
  });
  const outs = r.metafile.outputs;
  const lazy = new Set();
  for (const o of Object.values(outs))
    for (const i of o.imports) if (i.kind === 'dynamic-import') lazy.add(i.path);
  const page = new Set(Object.keys(outs).filter((k) => outs[k].entryPoint && !lazy.has(k)));
  for (const k of page)
    for (const i of outs[k].imports)
      if (i.kind === 'import-statement' && outs[i.path]) page.add(i.path);
  let pg = '',
    lz = '';
  for (const f of r.outputFiles) {
    const key = Object.keys(outs).find((k) => f.path.endsWith(k.replace(/^.*measure-out/, '')));
    if (page.has(key)) pg += f.text;
    else lz += f.text;
  }
  const g = (t) => gzipSync(t, { level: 9 }).length;
  console.log(
    `${name}: page ${g(pg)} B gzip (${pg.length} min), lazy ${g(lz)} B gzip (${lz.length} min)`,
  );
}
await measure(
  'react pick',
  `export { ZipteamsDashboard, useDashboardToken } from '@zipteams/react'`,
);
await measure('element', `import * as m from '@zipteams/element'; console.log(m)`);
