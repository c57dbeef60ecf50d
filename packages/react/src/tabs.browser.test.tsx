import { QueryClient } from '@tanstack/react-query';
import { ZipteamsDashboard, ZipteamsProvider } from '@zipteams/react';
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
});

const tokenUrlFor = () =>
  `${stack.tokenUrl}?tenant=${encodeURIComponent(`tabs-${Date.now()}-${tenantSeq++}`)}`;

async function partnerRequests(): Promise<number> {
  return ((await (await fetch(stack.partnerStatsUrl)).json()) as { requests: number }).requests;
}

/** A "tab": its own QueryClient, as a second tab has its own cache; Web Locks and Cache Storage are real. */
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

describe('ZipteamsDashboard across tabs (real Web Locks and Cache Storage in Chromium)', () => {
  it('should make one request for two caches with the same source, sharing by default', async () => {
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
    expect(await partnerRequests()).toBe(before + 1);
    const [a, b] = [...container.querySelectorAll('iframe')];
    expect(new URL(a!.src).searchParams.get('token')).toBe(
      new URL(b!.src).searchParams.get('token'),
    );
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
