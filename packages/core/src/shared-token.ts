import { decodeJwt } from './jwt.js';
import { planRefresh, type RefreshMargin } from './refresh.js';
import { MAX_TOKEN_LIFETIME_MS, type DashboardToken } from './token.js';

/**
 * What crosses tabs: the token and its local timing, under the hashed source key, on a
 * BroadcastChannel between live pages only (never written to any storage). Tabs of one origin
 * share the machine's clock, so `receivedAt` and `expiresAt` mean the same in every tab.
 */
export interface SharedTokenRecord {
  /** Format version. */
  readonly v: 2;
  /** The hashed source key ({@link hashTokenKey}); never the key itself, which may hold headers. */
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
 * is not a well-formed record of `key` (another key, another format, a bad JWT, odd timing).
 * The claims are decoded again here, never taken from the record.
 */
export function fromSharedRecord(value: unknown, key: string): DashboardToken | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Partial<Record<keyof SharedTokenRecord, unknown>>;
  if (record.v !== 2 || record.key !== key || typeof record.token !== 'string') return undefined;
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

/** Whether a token's claims name its tenant or subtenant: without them a token is never shared. */
export function hasTenantClaims(token: Pick<DashboardToken, 'claims'>): boolean {
  return token.claims.tenantId !== undefined || token.claims.subTenantId !== undefined;
}

/**
 * Whether two tokens open the same tenant/subtenant, by their claims. Tokens without tenant
 * claims are never the same tenant as anything: the source alone cannot tell two sessions apart.
 */
export function sameTenant(
  current: Pick<DashboardToken, 'claims'>,
  candidate: Pick<DashboardToken, 'claims'>,
): boolean {
  if (!hasTenantClaims(current) || !hasTenantClaims(candidate)) return false;
  return (
    candidate.claims.tenantId === current.claims.tenantId &&
    candidate.claims.subTenantId === current.claims.subTenantId
  );
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
 * Whether a tab takes a token another tab fetched (a pure function). Tabs share rotations only:
 * the tab must already hold a token of its own session (its own request or its server-rendered
 * initial token), the candidate must name the same tenant/subtenant in its claims, be another
 * token that lives longer than the tab's own (a token a server cache kept is newer to the tab that
 * got it, yet may end sooner), and not yet be due for refresh (else every tab would refresh again
 * at once).
 */
export function shouldAdoptSharedToken(candidate: DashboardToken, context: AdoptContext): boolean {
  const { current, now } = context;
  if (!current || !sameTenant(current, candidate)) return false;
  if (planRefresh(candidate, context.margin) <= now || candidate.expiresAt <= now) return false;
  return candidate.token !== current.token && candidate.expiresAt > current.expiresAt;
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
