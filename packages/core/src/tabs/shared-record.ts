import type { JwtClaims } from '../token/jwt.js';
import type { DashboardToken } from '../token/token.js';

/**
 * What crosses tabs: the token and its local timing, under the hashed source key, on a
 * BroadcastChannel between live pages only (never written to any storage). Tabs of one origin
 * share the machine's clock, so `receivedAt` and `expiresAt` mean the same in every tab.
 */
export interface SharedTokenRecord {
  /** Format version. */
  readonly v: 2;
  /** The hashed source key (`hashTokenKey`); never the key itself, which may hold headers. */
  readonly key: string;
  readonly token: string;
  readonly receivedAt: number;
  readonly lifetimeMs: number;
  readonly expiresAt: number;
}

/** The record of a token, for the channel. */
export function toSharedRecord(key: string, token: DashboardToken): SharedTokenRecord {
  const { token: jwt, receivedAt, lifetimeMs, expiresAt } = token;
  return { v: 2, key, token: jwt, receivedAt, lifetimeMs, expiresAt };
}

const isTime = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0;

/**
 * A record heard from another tab, back to a {@link DashboardToken}; `undefined` for anything that
 * is not a well-formed record of `key` (another key, another format, a bad JWT, odd timing, a
 * lifetime over `maxLifetimeMs`). The claims are decoded again (`decodeJwt`), never taken from
 * the record. (`fromSharedRecord` of `@zipteams/embed-core/tabs` is this with core's decoder.)
 */
export function readSharedRecord(
  value: unknown,
  key: string,
  decodeJwt: (token: string) => JwtClaims,
  maxLifetimeMs: number,
): DashboardToken | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Partial<Record<keyof SharedTokenRecord, unknown>>;
  if (record.v !== 2 || record.key !== key || typeof record.token !== 'string') return undefined;
  const { receivedAt, lifetimeMs, expiresAt } = record;
  if (!isTime(receivedAt) || !isTime(lifetimeMs) || !isTime(expiresAt)) return undefined;
  if (lifetimeMs > maxLifetimeMs || expiresAt !== receivedAt + lifetimeMs) return undefined;
  try {
    return {
      token: record.token,
      claims: decodeJwt(record.token),
      receivedAt,
      lifetimeMs,
      expiresAt,
    };
  } catch {
    return undefined;
  }
}

/**
 * The name a source key goes by across tabs: its SHA-256, hex. Source keys may carry request
 * headers, which must not appear in lock names or channel messages.
 */
export async function hashTokenKey(
  key: string,
  subtle: SubtleCrypto = crypto.subtle,
): Promise<string> {
  const digest = await subtle.digest('SHA-256', new TextEncoder().encode(key));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
