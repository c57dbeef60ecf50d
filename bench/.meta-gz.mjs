import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { readdirSync } from 'node:fs';
for (const dir of ['packages/core/src', 'packages/react/src'])
  for (const f of readdirSync(dir)) {
    if (!/\.(ts|tsx)$/.test(f) || f.includes('test')) continue;
    const r = await build({
      entryPoints: [`${dir}/${f}`],
      bundle: false,
      minify: true,
      write: false,
      format: 'esm',
      jsx: 'automatic',
      define: { 'process.env.NODE_ENV': '"production"' },
    });
    const t = r.outputFiles[0].text;
    console.log(
      String(gzipSync(t, { level: 9 }).length).padStart(6),
      String(t.length).padStart(6),
      f,
    );
  }
