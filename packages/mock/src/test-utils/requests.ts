import { TOKEN_API_PATH } from '../platform.js';
import type { MockPlatform } from '../platform.js';

export const BASE_URL = 'http://mock.test';

/** The four headers of a request that should get a token from a default platform. */
export const VALID_HEADERS = {
  'x-api-key': 'dev-api-key',
  'x-api-secret': 'dev-api-secret',
  'x-tenant-id': 'acme',
  'x-sub-tenant-id': 'sales-west',
} as const;

type HeaderOverrides = Partial<Record<keyof typeof VALID_HEADERS, string | undefined>>;

/** A token API request with the valid headers, where `overrides` change or (with `undefined`) drop some. */
export function tokenRequest(overrides: HeaderOverrides = {}, init: RequestInit = {}): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries({ ...VALID_HEADERS, ...overrides })) {
    if (value !== undefined) headers.set(name, value);
  }
  return new Request(`${BASE_URL}${TOKEN_API_PATH}`, { ...init, headers });
}

/** Gets a token through the token API and fails the test if there is none. */
export async function requestToken(
  platform: MockPlatform,
  overrides: HeaderOverrides = {},
): Promise<string> {
  const response = await platform(tokenRequest(overrides));
  const body = (await response.json()) as { data?: { token?: string } };
  const token = body.data?.token;
  if (response.status !== 200 || token === undefined) {
    throw new Error(`expected a token, got HTTP ${response.status}`);
  }
  return token;
}

/** A GET request for a path (with query) on the mock. */
export function get(pathAndQuery: string, init: RequestInit = {}): Request {
  return new Request(`${BASE_URL}${pathAndQuery}`, init);
}

/** A clock the test moves by hand. */
export function manualClock(startMs = Date.UTC(2026, 0, 15, 9, 30, 0)): {
  now: () => number;
  advance(ms: number): void;
  set(ms: number): void;
} {
  let current = startMs;
  return {
    now: () => current,
    advance: (ms) => {
      current += ms;
    },
    set: (ms) => {
      current = ms;
    },
  };
}
