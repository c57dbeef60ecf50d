// `npm run bench`: compiles the TypeScript bench with esbuild (Node 20 cannot run .ts) into
// .bench-results/.build and runs it. `@zipteams/*` resolve to package sources, so no build is
// needed; every other bare import stays external and loads from node_modules.
import { build } from 'esbuild';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);

const sources = {
  '@zipteams/embed-core/tabs': 'packages/core/src/tabs.ts',
  '@zipteams/embed-core/protocol': 'packages/core/src/protocol.ts',
  '@zipteams/embed-core/internal': 'packages/core/src/internal.ts',
  '@zipteams/embed-core': 'packages/core/src/index.ts',
  '@zipteams/react': 'packages/react/src/index.ts',
  '@zipteams/server/node': 'packages/server/src/node.ts',
  '@zipteams/server/redis': 'packages/server/src/redis.ts',
  '@zipteams/server': 'packages/server/src/index.ts',
  '@zipteams/mock': 'packages/mock/src/index.ts',
  '@zipteams/element': 'packages/element/src/index.ts',
  '@zipteams/test-stack': 'packages/test-stack/src/index.ts',
  '@zipteams/test-utils/node': 'packages/test-utils/src/node.ts',
  '@zipteams/test-utils': 'packages/test-utils/src/index.ts',
};

/** @type {import('esbuild').Plugin} */
const workspaceSourcesOnly = {
  name: 'workspace-sources-only',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^[^./]/ }, (args) => {
      const source = sources[/** @type {keyof typeof sources} */ (args.path)];
      if (source) return { path: `${root}${source}` };
      return { path: args.path, external: true };
    });
  },
};

const outdir = `${root}.bench-results/.build`;
await build({
  absWorkingDir: root,
  entryPoints: {
    main: 'bench/main.ts',
    'server-child': 'bench/server/child.ts',
    'upstream-child': 'bench/server/upstream-child.ts',
  },
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'inline',
  logLevel: 'warning',
  plugins: [workspaceSourcesOnly],
});

await import(pathToFileURL(`${outdir}/main.mjs`).href);
