import { decodeJwt } from './jwt.js';
import { planRefresh, type RefreshMargin } from './refresh.js';
import { MAX_TOKEN_LIFETIME_MS, type DashboardToken } from './token.js';

/**
 * What crosses tabs: the token and its local timing, under the hashed source key. Nothing else
 * (no source, headers, errors or status) is ever written or broadcast. Tabs of one origin share
 * the machine's clock, so `receivedAt` and `expiresAt` mean the same in every tab.
 */
export interface SharedTokenRecord {
  /** Format version. */
  readonly v: 1;
  /** The hashed source key ({@link hashTokenKey}); never the key itself, which may hold headers. */
  readonly key: string;
  readonly token: string;
  readonly receivedAt: number;
  readonly lifetimeMs: number;
  readonly expiresAt: number;
}

/** The record of a token, for the store and the channel. */
export function toSharedRecord(key: string, token: DashboardToken): SharedTokenRecord {
  const { token: jwt, receivedAt, lifetimeMs, expiresAt } = token;
  return { v: 1, key, token: jwt, receivedAt, lifetimeMs, expiresAt };
}

const isTime = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0;

/**
 * A record read from another tab, back to a {@link DashboardToken}; `undefined` for anything that
 * is not a well-formed record of `key` (another key, an older format, a bad JWT, odd timing).
 * The claims are decoded again here, never taken from the record.
 */
export function fromSharedRecord(value: unknown, key: string): DashboardToken | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Partial<Record<keyof SharedTokenRecord, unknown>>;
  if (record.v !== 1 || record.key !== key || typeof record.token !== 'string') return undefined;
  const { receivedAt, lifetimeMs, expiresAt } = record;
  if (!isTime(receivedAt) || !isTime(lifetimeMs) || !isTime(expiresAt)) return undefined;
  if (lifetimeMs > MAX_TOKEN_LIFETIME_MS || expiresAt !== receivedAt + lifetimeMs) return undefined;
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
 * Whether two tokens open the same tenant/subtenant. A token whose claims name neither places no
 * constraint (the source key alone decides).
 */
export function sameTenant(current: DashboardToken, candidate: DashboardToken): boolean {
  const { tenantId, subTenantId } = current.claims;
  if (tenantId === undefined && subTenantId === undefined) return true;
  return candidate.claims.tenantId === tenantId && candidate.claims.subTenantId === subTenantId;
}

/** Inputs of {@link shouldAdoptSharedToken}. */
export interface AdoptContext {
  /** The token this tab holds, if any (also an expired one: its tenant still counts). */
  readonly current: DashboardToken | undefined;
  /** Local epoch ms. */
  readonly now: number;
  readonly margin?: RefreshMargin;
}

/**
 * Whether a tab takes a token another tab fetched (a pure function): it must be newer than the
 * tab's own, not yet due for refresh (else every tab would refresh again at once), and for the
 * same tenant/subtenant when the tab's token names them: a user who switched tenant in one tab
 * must not see that tenant's dashboard in another.
 */
export function shouldAdoptSharedToken(candidate: DashboardToken, context: AdoptContext): boolean {
  const { current, now } = context;
  if (planRefresh(candidate, context.margin) <= now || candidate.expiresAt <= now) return false;
  if (!current) return true;
  return candidate.receivedAt > current.receivedAt && sameTenant(current, candidate);
}

/**
 * The name a source key goes by across tabs: its SHA-256, hex. Source keys may carry request
 * headers, which must not appear in lock names or storage keys.
 */
export async function hashTokenKey(
  key: string,
  subtle: SubtleCrypto = crypto.subtle,
): Promise<string> {
  const digest = await subtle.digest('SHA-256', new TextEncoder().encode(key));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
