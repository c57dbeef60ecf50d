import { describe, expect, it } from 'vitest';
import { HttpError, NetworkError, TokenExpiredError } from '../errors/errors.js';
import type { DashboardToken } from './token.js';
import { tokenState, type TokenStateInput } from './token-state.js';

const data = { token: 't', expiresAt: 1 } as DashboardToken;
const expiredError = new TokenExpiredError();
const network = new NetworkError();
const forbidden = new HttpError(403);
const base: TokenStateInput = {
  data: undefined,
  expired: false,
  fetching: false,
  error: undefined,
  expiredError,
};

describe('tokenState', () => {
  it.each([
    ['no token, first request under way', {}, 'loading', undefined, false],
    ['no token, request failed', { error: forbidden }, 'error', forbidden, false],
    ['valid token', { data }, 'ready', undefined, true],
    ['valid token, refreshing', { data, fetching: true }, 'refreshing', undefined, true],
    [
      'valid token, refresh failed (kept serving)',
      { data, error: network },
      'ready',
      network,
      true,
    ],
    [
      'expired, retryable failure',
      { data, expired: true, error: network },
      'expired',
      expiredError,
      false,
    ],
    ['expired, no failure yet', { data, expired: true }, 'expired', expiredError, false],
    [
      'expired, final failure',
      { data, expired: true, error: forbidden },
      'error',
      forbidden,
      false,
    ],
  ] as const)('should say %s', (_name, input, status, error, valid) => {
    expect(tokenState({ ...base, ...input })).toEqual({ status, error, valid });
  });
});
