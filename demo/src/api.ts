import { clearSharedTokens } from '@zipteams/react';
import type { DemoConfig, DemoSession } from '../server/directory.ts';

export type { DemoConfig, DemoSession };

async function json<T>(response: Response): Promise<T> {
  if (!response.ok) {
    let message = `HTTP ${response.status}`;
    try {
      const body = (await response.json()) as { error?: { message?: string } };
      if (body.error?.message) message = body.error.message;
    } catch {
      // not JSON: keep the status
    }
    throw new Error(message);
  }
  return (await response.json()) as T;
}

/** The partner backend's description of the demo (mock URL, directory). */
export function fetchConfig(): Promise<DemoConfig> {
  return fetch('/api/demo/config').then((r) => json<DemoConfig>(r));
}

/** Who is signed in, according to the partner backend's session cookie. */
export async function fetchSession(): Promise<DemoSession | null> {
  return (await json<{ session: DemoSession | null }>(await fetch('/api/session'))).session;
}

/**
 * Signs in as a tenant/subtenant; the backend checks the pair and sets an httpOnly cookie. Like
 * every sign-in, sign-out and account switch of a partner's app, it then calls the kit's
 * `clearSharedTokens()`: no embed on this page or in another tab keeps the previous user's token.
 */
export async function signIn(tenantId: string, subTenantId: string): Promise<DemoSession> {
  const response = await fetch('/api/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenantId, subTenantId }),
  });
  const { session } = await json<{ session: DemoSession }>(response);
  rememberSignedOut(false);
  await clearSharedTokens();
  return session;
}

export async function signOut(): Promise<void> {
  await json(await fetch('/api/session', { method: 'DELETE' }));
  rememberSignedOut(true);
  await clearSharedTokens();
}

// A visitor who signed out stays signed out across reloads; everyone else starts signed in.
const SIGNED_OUT_KEY = 'zipteams-demo:signed-out';

function rememberSignedOut(signedOut: boolean): void {
  try {
    if (signedOut) localStorage.setItem(SIGNED_OUT_KEY, '1');
    else localStorage.removeItem(SIGNED_OUT_KEY);
  } catch {
    // Storage disabled: the demo then signs in again on the next visit, which is harmless.
  }
}

function signedOutByVisitor(): boolean {
  try {
    return localStorage.getItem(SIGNED_OUT_KEY) === '1';
  } catch {
    return false;
  }
}

/**
 * The session, signing in to the first demo tenant when there is none, as a partner app's own
 * login would have done before showing this page: a first visit lands on a ready dashboard
 * instead of a 401. Not after the visitor signed out with the picker.
 */
export async function fetchOrStartSession(
  tenants: DemoConfig['tenants'],
): Promise<DemoSession | null> {
  const session = await fetchSession();
  const first = tenants[0];
  const team = first?.subTenants[0];
  if (session || !first || !team || signedOutByVisitor()) return session;
  return signIn(first.id, team.id);
}

/** Drops this session's cached token on the backend, so the next token request mints a new one. */
export async function dropCachedToken(): Promise<void> {
  await json(await fetch('/api/demo/rotate', { method: 'POST' }));
}

/** A fault of the mock platform's token API (see packages/mock/README.md). */
export interface MockFault {
  status?: number;
  count?: number;
  sticky?: boolean;
  latencyMs?: number;
  hang?: boolean;
  retryAfterSeconds?: number;
}

export interface MockStats {
  tokensMinted: number;
  tokenRequests: number;
  byStatus: Record<string, number>;
  pending: number;
}

export interface ActiveFault extends MockFault {
  remaining?: number | null;
}

// The mock's control API allows any origin; text/plain keeps these simple requests (no preflight).
export async function setMockFault(mockUrl: string, fault: MockFault): Promise<void> {
  await json(
    await fetch(`${mockUrl}/__mock/faults`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify(fault),
    }),
  );
}

export async function clearMockFaults(mockUrl: string): Promise<void> {
  await json(await fetch(`${mockUrl}/__mock/faults`, { method: 'DELETE' }));
}

export async function fetchMockState(
  mockUrl: string,
): Promise<{ stats: MockStats; fault: ActiveFault | null }> {
  const [stats, faults] = await Promise.all([
    fetch(`${mockUrl}/__mock/stats`).then((r) => json<MockStats>(r)),
    fetch(`${mockUrl}/__mock/faults`).then((r) => json<{ fault: ActiveFault | null }>(r)),
  ]);
  return { stats, fault: faults.fault };
}
