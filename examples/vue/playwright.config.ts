import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';

process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = '1';

function port(name: string, fallback: number): number {
  const value = Number(process.env[name] || fallback);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a port number.`);
  return value;
}

/** Its own ports, so it never meets `vite` (5173), the demo, the kit's e2e stack or the others. */
export const APP_PORT = port('E2E_VUE_PORT', 5406);
export const MOCK_PORT = port('E2E_VUE_MOCK_PORT', 4306);
/** Seconds: short, so a token is refreshed and rotated within a test. */
export const TOKEN_TTL = port('E2E_VUE_TOKEN_TTL', 8);
export const APP_URL = `http://localhost:${APP_PORT}`;
export const MOCK_URL = `http://127.0.0.1:${MOCK_PORT}`;

/**
 * The example's production build (`vue-tsc` + `vite build`, with the mock as the Zipteams pages'
 * origin) served by `vite preview`, whose stand-in backend serves the token endpoint, and the mock
 * platform as Zipteams, in the Debian Chromium. `npm run test:vue` at the root runs it.
 */
export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.e2e.ts',
  outputDir: '../../test-results/vue',
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 45_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL: APP_URL,
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
    },
    trace: 'retain-on-failure',
  },
  webServer: [
    {
      command: `npx --no-install zipteams-mock --port ${MOCK_PORT} --token-ttl ${TOKEN_TTL} --allow-origin ${APP_URL}`,
      url: `${MOCK_URL}/__mock/health`,
      reuseExistingServer: false,
      stdout: 'pipe',
    },
    {
      // The build is part of the server's start: the pages' origin is fixed at build time.
      command: `npm run build && npx --no-install vite preview --port ${APP_PORT} --strictPort`,
      cwd: fileURLToPath(new URL('.', import.meta.url)),
      url: `${APP_URL}/`,
      reuseExistingServer: false,
      timeout: 180_000,
      stdout: 'pipe',
      env: {
        VITE_ZIPTEAMS_APP_URL: MOCK_URL,
        ZIPTEAMS_API_KEY: 'dev-api-key',
        ZIPTEAMS_API_SECRET: 'dev-api-secret',
        ZIPTEAMS_API_URL: MOCK_URL,
      },
    },
  ],
});
