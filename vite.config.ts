import { fileURLToPath } from 'node:url';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import react from '@vitejs/plugin-react';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { browserCommands } from './scripts/browser-commands.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './scripts/chromium.ts';
import { zipteamsStorybookStack } from './scripts/storybook-stack.ts';
import { testEndpoints } from './scripts/test-endpoints.ts';

const src = (path: string) => fileURLToPath(new URL(`./packages/${path}`, import.meta.url));

/** Workspace packages resolve from source, so tests and Storybook need no build. */
export const workspaceAliases = {
  '@zipteams/embed-core/tabs': src('core/src/tabs.ts'),
  '@zipteams/embed-core/protocol': src('core/src/protocol.ts'),
  '@zipteams/embed-core/internal': src('core/src/internal.ts'),
  '@zipteams/embed-core': src('core/src/index.ts'),
  '@zipteams/react/devtools/production': src('react/src/devtools-production.ts'),
  '@zipteams/react/devtools': src('react/src/devtools.ts'),
  '@zipteams/react': src('react/src/index.ts'),
  '@zipteams/server/node': src('server/src/node.ts'),
  '@zipteams/server/redis': src('server/src/redis.ts'),
  '@zipteams/server': src('server/src/index.ts'),
  '@zipteams/mock': src('mock/src/index.ts'),
  '@zipteams/element': src('element/src/index.ts'),
  '@zipteams/test-stack': src('test-stack/src/index.ts'),
  '@zipteams/test-utils/node': src('test-utils/src/node.ts'),
  '@zipteams/test-utils': src('test-utils/src/index.ts'),
};

/** Real Chromium for browser tests (also used by fixtures/react18/vitest.config.ts). */
export const browser = {
  enabled: true,
  headless: true,
  provider: playwright({
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
  }),
  instances: [{ browser: 'chromium' as const }],
  commands: browserCommands,
};

export default defineConfig({
  plugins: [react()],
  resolve: { alias: workspaceAliases },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['packages/*/src/**/*.test.{ts,tsx}'],
          exclude: ['**/*.browser.test.{ts,tsx}', '**/node_modules/**', '**/dist/**'],
        },
      },
      {
        extends: true,
        plugins: [testEndpoints()],
        test: {
          name: 'browser',
          include: ['packages/*/src/**/*.browser.test.{ts,tsx}'],
          browser,
        },
      },
      {
        // Every story is a test in the real Chromium; the stack serves `/__zipteams/*` for them.
        extends: true,
        plugins: [
          storybookTest({ configDir: fileURLToPath(new URL('./.storybook', import.meta.url)) }),
          zipteamsStorybookStack(),
        ],
        test: {
          name: 'storybook',
          // The same browser block, with its own instance objects: Vitest names them per project.
          browser: {
            ...browser,
            instances: browser.instances.map((instance) => ({ ...instance })),
          },
          testTimeout: 60_000,
        },
      },
    ],
  },
});
