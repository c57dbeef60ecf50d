/**
 * Where the e2e stack runs: non-default ports, so it never collides with a developer's
 * `npm start` (5173/4010), and a very short token lifetime, so rotations happen within a test.
 * Override with E2E_APP_PORT, E2E_MOCK_PORT, E2E_TOKEN_TTL.
 */
export { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.ts';

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`${name} must be a positive integer.`);
  return value;
}

export const APP_PORT = envInt('E2E_APP_PORT', 5273);
export const MOCK_PORT = envInt('E2E_MOCK_PORT', 4110);
/** Seconds. The kit refreshes at about half of it; 10 s means a swap every ~5 s. */
export const TOKEN_TTL = envInt('E2E_TOKEN_TTL', 10);

/** The origin the mock allows to frame its pages. */
export const APP_URL = `http://localhost:${APP_PORT}`;
/** The same app on an origin the mock does not allow: `localhost` and `127.0.0.1` differ. */
export const APP_URL_UNLISTED = `http://127.0.0.1:${APP_PORT}`;
export const MOCK_URL = `http://127.0.0.1:${MOCK_PORT}`;
