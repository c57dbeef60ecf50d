/** Options of {@link createMockPlatform}. Every one is optional. */
export interface MockPlatformOptions {
  /** The partner API key the token API accepts (`x-api-key`). Default `dev-api-key`. */
  apiKey?: string;
  /** The partner API secret the token API accepts (`x-api-secret`). Default `dev-api-secret`. */
  apiSecret?: string;
  /** Token lifetime in seconds (`exp - iat`), a positive integer. Default 86400 (24 h, as documented). */
  tokenTtlSeconds?: number;
  /**
   * Origins allowed to frame the pages, sent as `Content-Security-Policy: frame-ancestors …`
   * (e.g. `https://partner.example.com`, `http://localhost:5173`, `'self'`). Empty or absent:
   * any origin may frame them (no CSP, no `X-Frame-Options`).
   */
  allowOrigins?: readonly string[];
  /** The HS256 key that signs and verifies tokens. Default a fixed development string ({@link MOCK_DEFAULTS}). */
  signingSecret?: string;
  /** Token API requests allowed per API key in a fixed 60 s window; `Infinity` turns the limit off. Default 120. */
  rateLimitPerMinute?: number;
  /** The clock in milliseconds since the epoch (for `iat`/`exp`, the rate-limit window and the page countdown). Default `Date.now`. */
  now?: () => number;
}

/** The defaults of the mock platform; all are development values, never real credentials. */
export const MOCK_DEFAULTS = {
  apiKey: 'dev-api-key',
  apiSecret: 'dev-api-secret',
  tokenTtlSeconds: 86_400,
  signingSecret: 'zipteams-mock-signing-secret-for-development-only',
  rateLimitPerMinute: 120,
} as const;

export interface ResolvedOptions {
  apiKey: string;
  apiSecret: string;
  tokenTtlSeconds: number;
  allowOrigins: readonly string[];
  signingSecret: string;
  rateLimitPerMinute: number;
  now: () => number;
}

const ORIGIN_PATTERN =
  /^(?:'self'|\*|[a-z][a-z0-9+.-]*:(?:\/\/[^\s;,'"]+)?|[^\s;,'":/]+(?::\d+|:\*)?)$/i;

/** Whether `value` can stand in a `frame-ancestors` source list without breaking the header. */
export function isFrameAncestorSource(value: string): boolean {
  return ORIGIN_PATTERN.test(value);
}

function nonEmptyString(name: string, value: unknown, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || value === '') {
    throw new TypeError(`${name} must be a non-empty string`);
  }
  return value;
}

/** Validates options and fills in defaults; throws a `TypeError` or `RangeError` naming the bad option. */
export function resolveOptions(options: MockPlatformOptions): ResolvedOptions {
  const { tokenTtlSeconds = MOCK_DEFAULTS.tokenTtlSeconds } = options;
  if (!Number.isInteger(tokenTtlSeconds) || tokenTtlSeconds < 1) {
    throw new RangeError('tokenTtlSeconds must be a positive integer');
  }
  const { rateLimitPerMinute = MOCK_DEFAULTS.rateLimitPerMinute } = options;
  if (
    rateLimitPerMinute !== Infinity &&
    !(Number.isInteger(rateLimitPerMinute) && rateLimitPerMinute >= 1)
  ) {
    throw new RangeError('rateLimitPerMinute must be a positive integer or Infinity');
  }
  const allowOrigins = [...(options.allowOrigins ?? [])];
  for (const origin of allowOrigins) {
    if (typeof origin !== 'string' || !isFrameAncestorSource(origin)) {
      throw new TypeError(
        `allowOrigins entries must be origins such as https://app.example.com (got ${JSON.stringify(origin)})`,
      );
    }
  }
  const { now = Date.now } = options;
  if (typeof now !== 'function') throw new TypeError('now must be a function');
  return {
    apiKey: nonEmptyString('apiKey', options.apiKey, MOCK_DEFAULTS.apiKey),
    apiSecret: nonEmptyString('apiSecret', options.apiSecret, MOCK_DEFAULTS.apiSecret),
    signingSecret: nonEmptyString(
      'signingSecret',
      options.signingSecret,
      MOCK_DEFAULTS.signingSecret,
    ),
    tokenTtlSeconds,
    rateLimitPerMinute,
    allowOrigins,
    now,
  };
}
