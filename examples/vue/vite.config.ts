import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';
import { zipteamsTokenEndpoint } from './server/token-endpoint.ts';

export default defineConfig({
  plugins: [
    vue({
      // <zipteams-*> are custom elements, not Vue components.
      template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('zipteams-') } },
    }),
    zipteamsTokenEndpoint(),
  ],
});
