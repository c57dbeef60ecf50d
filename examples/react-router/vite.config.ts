import { reactRouter } from '@react-router/dev/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [reactRouter()],
  // Pre-bundle the kit when the dev server starts. Without this, Vite finds it on the first page
  // load, optimizes it again and answers that load with 504 "Outdated Optimize Dep".
  optimizeDeps: { include: ['@zipteams/react', '@tanstack/react-query'] },
});
