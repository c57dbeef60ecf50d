import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const pkg = (path: string) => fileURLToPath(new URL(`../packages/${path}`, import.meta.url));

/** The demo uses the workspace packages from source: no build step before `npm start`. */
export const demoAliases = {
  '@zipteams/embed-core/tabs': pkg('core/src/tabs.ts'),
  '@zipteams/embed-core/protocol': pkg('core/src/protocol.ts'),
  '@zipteams/embed-core/internal': pkg('core/src/internal.ts'),
  '@zipteams/embed-core': pkg('core/src/index.ts'),
  '@zipteams/react/devtools': pkg('react/src/devtools.ts'),
  '@zipteams/react': pkg('react/src/index.ts'),
  '@zipteams/server/node': pkg('server/src/node.ts'),
  '@zipteams/server': pkg('server/src/index.ts'),
  '@zipteams/mock': pkg('mock/src/index.ts'),
  '@zipteams/element': pkg('element/src/index.ts'),
};

/**
 * The demo app. `scripts/start.mjs` runs it with the partner backend mounted as middleware and the
 * mock platform beside it; on its own (`npx vite demo`) it serves the UI only.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  resolve: { alias: demoAliases },
  // Kept in the root node_modules (git-ignored), not in demo/.
  cacheDir: fileURLToPath(new URL('../node_modules/.vite-demo', import.meta.url)),
  clearScreen: false,
  optimizeDeps: {
    // Listed up front so a first visit never triggers a re-optimisation and full-page reload.
    include: [
      'react',
      'react/jsx-runtime',
      'react/jsx-dev-runtime',
      'react-dom',
      'react-dom/client',
      '@tanstack/react-query',
    ],
  },
  server: {
    warmup: { clientFiles: ['./src/main.tsx'] },
  },
});
