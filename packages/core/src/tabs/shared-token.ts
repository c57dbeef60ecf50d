import { planRefresh, type RefreshMargin } from '../timing/refresh.js';
import type { DashboardToken } from '../token/token.js';

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
