import { build } from 'esbuild';
const r = await build({
  entryPoints: [process.argv[2]],
  bundle: false,
  minify: true,
  write: false,
  format: 'esm',
  loader: { '.ts': 'ts', '.tsx': 'tsx' },
  jsx: 'automatic',
});
console.log(r.outputFiles[0].text);
