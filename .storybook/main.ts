import { fileURLToPath } from 'node:url';
import type { StorybookConfig } from '@storybook/react-vite';
import { mergeConfig } from 'vite';
import { zipteamsStorybookStack } from '../scripts/storybook-stack.ts';

const src = (path: string) => fileURLToPath(new URL(`../packages/${path}`, import.meta.url));

const config: StorybookConfig = {
  stories: ['../stories/**/*.mdx', '../stories/**/*.stories.@(ts|tsx)'],
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y', '@storybook/addon-vitest'],
  framework: { name: '@storybook/react-vite', options: {} },
  core: { disableTelemetry: true },
  viteFinal: (viteConfig) =>
    mergeConfig(viteConfig, {
      // The same source aliases as the root vite.config.ts: no build needed before Storybook.
      resolve: {
        alias: {
          '@zipteams/embed-core/internal': src('core/src/internal.ts'),
          '@zipteams/embed-core': src('core/src/index.ts'),
          '@zipteams/react/devtools/production': src('react/src/devtools-production.ts'),
          '@zipteams/react': src('react/src/index.ts'),
        },
      },
      plugins: [zipteamsStorybookStack()],
    }),
};

export default config;
