import { defineConfig } from '@playwright/test';
import {
  APP_PORT,
  APP_URL,
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  MOCK_PORT,
  TOKEN_TTL,
} from './e2e/stack.ts';

process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = '1';

/**
 * End-to-end tests against the demo (`npm start`), in the Debian Chromium. The stack runs on its
 * own ports with a 10 s token lifetime; one worker, since the tests share the mock's switches.
 */
export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.e2e.ts',
  outputDir: 'test-results',
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 45_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : [['list']],
  use: {
    baseURL: APP_URL,
    browserName: 'chromium',
    viewport: { width: 1440, height: 1000 },
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  webServer: {
    // Only the localhost origin may frame the mock here, so 127.0.0.1 stays an unlisted origin
    // for the blocked-frame test (`npm start` alone allows both).
    command: `node scripts/start.mjs --port ${APP_PORT} --mock-port ${MOCK_PORT} --token-ttl ${TOKEN_TTL} --allow-origin ${APP_URL} --quiet`,
    url: `${APP_URL}/api/demo/config`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      // Its own Vite dependency cache: a developer's running demo may be writing the default one.
      DEMO_VITE_CACHE: 'node_modules/.vite-demo-e2e',
    },
    gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
  },
});
