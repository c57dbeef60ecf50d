import { defineConfig } from '@playwright/test';

process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = '1';

function port(name: string, fallback: number): number {
  const value = Number(process.env[name] || fallback);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a port number.`);
  return value;
}

/** Its own ports, so it never meets `next dev` (3000), the demo or the kit's e2e stack. */
export const APP_PORT = port('E2E_NEXT_PORT', 5405);
export const MOCK_PORT = port('E2E_NEXT_MOCK_PORT', 4305);
/** Seconds: short, so a token is refreshed and rotated within a test. */
export const TOKEN_TTL = port('E2E_NEXT_TOKEN_TTL', 10);
export const APP_URL = `http://localhost:${APP_PORT}`;
export const MOCK_URL = `http://127.0.0.1:${MOCK_PORT}`;

/**
 * The example against `next start` (run `next build` first: `npm run test:next` at the root does
 * both) and the mock platform as Zipteams, in the Debian Chromium. Credentials come from the
 * environment, as in production.
 */
export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.e2e.ts',
  outputDir: '../../test-results/next',
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
      command: `npx --no-install next start --port ${APP_PORT}`,
      url: `${APP_URL}/`,
      reuseExistingServer: false,
      stdout: 'pipe',
      env: {
        ZIPTEAMS_API_KEY: 'dev-api-key',
        ZIPTEAMS_API_SECRET: 'dev-api-secret',
        ZIPTEAMS_API_URL: MOCK_URL,
        ZIPTEAMS_APP_URL: MOCK_URL,
        SESSION_SECRET: 'e2e-session-secret-0123456789abcdef',
        NEXT_TELEMETRY_DISABLED: '1',
        EXAMPLE_CSP_TEST_SWITCH: '1',
      },
    },
  ],
});
