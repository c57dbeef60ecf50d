import { build } from 'esbuild';
const root = '/work/wt9';
const alias = {
  '@zipteams/embed-core': `${root}/packages/core/src/index.ts`,
  '@zipteams/react': `${root}/packages/react/src/index.ts`,
};
const r = await build({
  stdin: {
    contents: `export { ZipteamsDashboard, useDashboardToken } from '@zipteams/react'`,
    resolveDir: root,
    loader: 'js',
  },
  bundle: true,
  minify: true,
  format: 'esm',
  metafile: true,
  alias,
  external: ['react', 'react-dom', '@tanstack/react-query', 'react/jsx-runtime'],
  define: process.argv[2] ? { 'process.env.NODE_ENV': '"production"' } : {},
  outfile: '/tmp/i9/out.js',
  write: false,
  jsx: 'automatic',
});
const out = Object.values(r.metafile.outputs)[0];
const rows = Object.entries(out.inputs)
  .map(([k, v]) => [v.bytesInOutput, k.replace(root + '/', '')])
  .sort((a, b) => b[0] - a[0]);
for (const [b, k] of rows) console.log(String(b).padStart(6), k);
const { gzipSync } = await import('node:zlib');
const text = r.outputFiles[0].text;
console.log('total min', text.length, 'gzip', gzipSync(text, { level: 9 }).length);
import { writeFileSync } from 'node:fs';
writeFileSync('/tmp/i9/bundle.js', text);
