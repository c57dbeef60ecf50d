import { QueryClient } from '@tanstack/react-query';
import { ZipteamsDashboard, ZipteamsProvider, clearSharedTokens } from '@zipteams/react';
import type { ReactNode } from 'react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import { cleanup, render } from 'vitest-browser-react';

type Stack = Awaited<ReturnType<typeof commands.startStack>>;

let stack: Stack;
let tenantSeq = 0;

beforeAll(async () => {
  stack = await commands.startStack();
});
afterAll(async () => {
  await commands.stopStack(stack.id);
});
afterEach(async () => {
  await cleanup();
  await clearSharedTokens();
});

const tokenUrlFor = () =>
  `${stack.tokenUrl}?tenant=${encodeURIComponent(`tabs-${Date.now()}-${tenantSeq++}`)}`;

async function partnerRequests(): Promise<number> {
  return ((await (await fetch(stack.partnerStatsUrl)).json()) as { requests: number }).requests;
}

/**
 * A cache of its own, as a partner may have two QueryClients. The tabs of one origin, each its own
 * page, are tested end to end (e2e/tabs.e2e.ts, e2e/sessions.e2e.ts).
 */
function Tab({ children, shareAcrossTabs }: { children: ReactNode; shareAcrossTabs?: boolean }) {
  return (
    <ZipteamsProvider
      queryClient={new QueryClient()}
      baseUrl={stack.mockUrl}
      shareAcrossTabs={shareAcrossTabs}
    >
      {children}
    </ZipteamsProvider>
  );
}

const states = (container: HTMLElement) =>
  [...container.querySelectorAll<HTMLElement>('[data-state]')].map((el) => el.dataset.state);

/** The tenant each embed's visible frame shows, read from its token's claims. */
const shownTenants = (container: HTMLElement) =>
  [...container.querySelectorAll<HTMLElement>('[data-state]')].map((root) => {
    const frame = root.querySelector<HTMLIFrameElement>('iframe[data-zipteams-frame="active"]');
    const token = frame && new URL(frame.src).searchParams.get('token');
    if (!token) return undefined;
    const payload = token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/');
    return (JSON.parse(atob(payload)) as { tenantId?: string }).tenantId;
  });

/**
 * A token source whose tenant the partner's server decides from "the session" (switched by the
 * test, as a sign-in switches a cookie): one source key, whoever is signed in.
 */
function sessionSource(tenant: string) {
  const session = { tenant, requests: 0 };
  const fetchToken = (signal: AbortSignal) => {
    session.requests++;
    return fetch(`${stack.tokenUrl}?tenant=${encodeURIComponent(session.tenant)}`, { signal });
  };
  return { session, fetchToken, tokenKey: `session-${Date.now()}-${tenantSeq++}` };
}

describe('ZipteamsDashboard with two QueryClients (real Web Locks and BroadcastChannel in Chromium)', () => {
  it('should let each QueryClient make its own first request (a first token is never shared)', async () => {
    const before = await partnerRequests();
    const tokenUrl = tokenUrlFor();
    const { container } = await render(
      <>
        <Tab>
          <ZipteamsDashboard tokenUrl={tokenUrl} />
        </Tab>
        <Tab>
          <ZipteamsDashboard tokenUrl={tokenUrl} />
        </Tab>
      </>,
    );
    await expect.poll(() => states(container), { timeout: 10_000 }).toEqual(['ready', 'ready']);
    expect(await partnerRequests()).toBe(before + 2);
  });

  it('should make each cache request its own with shareAcrossTabs={false} (prop and provider)', async () => {
    const before = await partnerRequests();
    const tokenUrl = tokenUrlFor();
    const { container } = await render(
      <>
        <Tab shareAcrossTabs={false}>
          <ZipteamsDashboard tokenUrl={tokenUrl} />
        </Tab>
        <Tab>
          <ZipteamsDashboard tokenUrl={tokenUrl} shareAcrossTabs={false} />
        </Tab>
      </>,
    );
    await expect.poll(() => states(container), { timeout: 10_000 }).toEqual(['ready', 'ready']);
    expect(await partnerRequests()).toBe(before + 2);
  });
});

describe('a new user never sees the previous user’s dashboard', () => {
  it('should drop every token on the sign-out call, and fetch in the new session when remounted', async () => {
    const { session, fetchToken, tokenKey } = sessionSource('alice');
    const client = new QueryClient();
    const page = (
      <ZipteamsProvider queryClient={client} baseUrl={stack.mockUrl}>
        <ZipteamsDashboard fetchToken={fetchToken} tokenKey={tokenKey} />
      </ZipteamsProvider>
    );
    const first = await render(page);
    await expect.poll(() => shownTenants(first.container), { timeout: 10_000 }).toEqual(['alice']);
    await first.unmount();
    await clearSharedTokens(); // the partner's sign-out
    session.tenant = 'bob';
    // The same page, no reload: nothing of Alice's is left in the QueryClient.
    expect(client.getQueryCache().getAll()[0]?.state.data).toBeUndefined();
    const second = await render(page);
    await expect.poll(() => shownTenants(second.container), { timeout: 10_000 }).toEqual(['bob']);
    expect(session.requests).toBe(2);
  });

  it('should take a mounted embed back to loading on the sign-out call, then to the new session', async () => {
    const { session, fetchToken, tokenKey } = sessionSource('alice');
    const { container } = await render(
      <Tab>
        <ZipteamsDashboard fetchToken={fetchToken} tokenKey={tokenKey} />
      </Tab>,
    );
    await expect.poll(() => shownTenants(container), { timeout: 10_000 }).toEqual(['alice']);
    session.tenant = 'bob';
    await clearSharedTokens();
    await expect.poll(() => shownTenants(container), { timeout: 10_000 }).toEqual(['bob']);
    expect(session.requests).toBe(2);
  });
});
