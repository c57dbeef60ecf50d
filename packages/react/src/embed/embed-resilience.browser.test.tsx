import { QueryClient } from '@tanstack/react-query';
import { ZipteamsDashboard, ZipteamsProvider, type EmbedStatus } from '@zipteams/react';
import type { ReactNode } from 'react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import { cleanup, render } from 'vitest-browser-react';

type Stack = Awaited<ReturnType<typeof commands.startStack>>;

let stack: Stack;
let partner: Awaited<ReturnType<typeof commands.startHeaderPartner>>;

beforeAll(async () => {
  stack = await commands.startStack();
  partner = await commands.startHeaderPartner(stack.mockUrl);
});
afterAll(async () => {
  await commands.stopHeaderPartner(partner.id);
  await commands.stopStack(stack.id);
});
afterEach(async () => {
  await cleanup();
});

function Providers({ children, baseUrl }: { children: ReactNode; baseUrl: string }) {
  return (
    <ZipteamsProvider queryClient={new QueryClient()} baseUrl={baseUrl} retry={{ baseDelayMs: 50 }}>
      {children}
    </ZipteamsProvider>
  );
}

const states = (container: HTMLElement) =>
  [...container.querySelectorAll<HTMLElement>('[data-state]')].map((el) => el.dataset.state);

async function partnerRequests(statsUrl: string): Promise<number> {
  return ((await (await fetch(statsUrl)).json()) as { requests: number }).requests;
}

describe('the embed against the mock platform (real HTTP, real Chromium)', () => {
  it('should make two requests for two embeds whose Headers differ, each showing its own tenant', async () => {
    const run = Date.now();
    const { container } = await render(
      <Providers baseUrl={stack.mockUrl}>
        <ZipteamsDashboard
          data-testid="a"
          tokenUrl={partner.tokenUrl}
          tokenRequestInit={{ headers: new Headers({ 'x-team': `team-a-${run}` }) }}
          height={200}
        />
        <ZipteamsDashboard
          data-testid="b"
          tokenUrl={partner.tokenUrl}
          tokenRequestInit={{ headers: new Headers({ 'x-team': `team-b-${run}` }) }}
          height={200}
        />
      </Providers>,
    );
    await expect.poll(() => states(container), { timeout: 15_000 }).toEqual(['ready', 'ready']);
    const stats = (await (await fetch(partner.statsUrl)).json()) as { teams: string[] };
    expect(stats.teams.filter((team) => team.endsWith(String(run))).sort()).toEqual([
      `team-a-${run}`,
      `team-b-${run}`,
    ]);
    const [a, b] = [...container.querySelectorAll('iframe')];
    await expect
      .poll(() => commands.frameText(a!.src), { timeout: 10_000 })
      .toContain(`Tenant team-a-${run}`);
    await expect
      .poll(() => commands.frameText(b!.src), { timeout: 10_000 })
      .toContain(`Tenant team-b-${run}`);
  });

  it('should recover without a click from a Zipteams host that is down and comes back', async () => {
    const proxy = await commands.startPagesProxy(stack.mockUrl);
    try {
      await commands.setPagesProxyUp(proxy.id, false);
      const errors: string[] = [];
      const { container } = await render(
        <Providers baseUrl={proxy.url}>
          <ZipteamsDashboard
            tokenUrl={`${stack.tokenUrl}?tenant=down-${Date.now()}`}
            loadTimeout={1_500}
            onError={(error) => errors.push(error.code)}
          />
        </Providers>,
      );
      await expect.poll(() => states(container), { timeout: 10_000 }).toEqual(['error']);
      expect(errors).toContain('frame_unreachable');
      expect(container.textContent).toContain('cannot be reached');
      await commands.setPagesProxyUp(proxy.id, true);
      // The hidden retries back off (1 s, 2 s, 4 s, … plus the load timeout): no click needed.
      await expect.poll(() => states(container), { timeout: 20_000 }).toEqual(['ready']);
      expect(container.querySelector('[role="alert"]')).toBeNull();
    } finally {
      await commands.stopPagesProxy(proxy.id);
    }
  });

  it('should make zero token requests for a refusal known in advance (real platform on localhost)', async () => {
    const before = await partnerRequests(stack.partnerStatsUrl);
    const { container } = await render(
      <Providers baseUrl="https://app.zipteams.com">
        <ZipteamsDashboard tokenUrl={`${stack.tokenUrl}?tenant=refused`} />
      </Providers>,
    );
    await expect.poll(() => states(container)).toEqual(['error']);
    expect(container.textContent).toContain('refuse to render on localhost');
    expect((await partnerRequests(stack.partnerStatsUrl)) - before).toBe(0);
    expect(container.querySelector('iframe')).toBeNull();
  });

  it('should keep working with an onStatusChange that returns a value', async () => {
    const log: EmbedStatus[] = [];
    const { container } = await render(
      <Providers baseUrl={stack.mockUrl}>
        <ZipteamsDashboard
          tokenUrl={`${stack.tokenUrl}?tenant=callbacks-${Date.now()}`}
          onStatusChange={(status) => log.push(status)}
        />
      </Providers>,
    );
    await expect.poll(() => states(container), { timeout: 15_000 }).toEqual(['ready']);
    expect(log).toEqual(['loading', 'ready']);
    const src = container.querySelector('iframe')!.src;
    await expect
      .poll(() => commands.frameText(src), { timeout: 10_000 })
      .toContain('Tenant callbacks-');
  });
});
