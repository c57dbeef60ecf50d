import { isZipteamsError } from '@zipteams/embed-core';
import { createDashboardToken } from '@zipteams/embed-core/internal';
import { BadUpstreamResponseError } from '../errors.js';
import type { Tenant } from '../handler/tenant.js';

export interface UpstreamToken {
  token: string;
  /** What is left of its life when it arrived, in ms (at most 24 h). */
  lifetimeMs: number;
}

/**
 * Reads the token out of a 200 body (`{ code, data: { token } }`) with core's JWT reading, and
 * checks it is for `tenant`. Its lifetime is `exp - iat` (capped at 24 h; 24 h without claims),
 * shortened to `exp` minus the upstream's `Date` (`serverNow`) when that is known and sooner.
 * The signature is not checked (only Zipteams holds the key). Errors never echo the token.
 *
 * @throws {BadUpstreamResponseError} no envelope, not a JWT, expired on arrival, or a token for
 * another tenant/subtenant than the one asked for.
 */
export function parseTokenEnvelope(
  bodyText: string,
  tenant: Tenant,
  serverNow: number | undefined,
): UpstreamToken {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    throw new BadUpstreamResponseError(
      bodyText.trim() === '' ? 'the body is empty' : 'the body is not JSON',
    );
  }
  const data = isRecord(body) ? body['data'] : undefined;
  const token = isRecord(data) ? data['token'] : undefined;
  if (typeof token !== 'string' || token === '') {
    throw new BadUpstreamResponseError('the body has no data.token string');
  }
  let read;
  try {
    // Measured from 0: only the lifetime is wanted; the caller anchors it on its own clock.
    read = createDashboardToken({ token }, { receivedAt: 0, serverNow });
  } catch (error) {
    if (!isZipteamsError(error)) throw error;
    throw new BadUpstreamResponseError(describe(error.code, 'reason' in error ? error.reason : ''));
  }
  const { tenantId, subTenantId } = read.claims;
  if (
    (tenantId !== undefined && tenantId !== tenant.tenantId) ||
    (subTenantId !== undefined && subTenantId !== tenant.subTenantId)
  ) {
    throw new BadUpstreamResponseError(
      'the token was issued for another tenant/subtenant than the one asked for',
    );
  }
  return { token, lifetimeMs: read.lifetimeMs };
}

function describe(code: string, reason: unknown): string {
  if (code === 'expired_on_arrival') return 'the token had already expired when it arrived';
  if (reason === 'invalid_claims') return 'the token has unusable exp/iat/tenant claims';
  return 'data.token is not a JWT';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
