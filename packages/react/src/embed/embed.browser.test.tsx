import { QueryClient } from '@tanstack/react-query';
import { ZipteamsCallDetails, ZipteamsDashboard, ZipteamsProvider } from '@zipteams/react';
import axe from 'axe-core';
import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { commands, page } from 'vitest/browser';
import { cleanup, render } from 'vitest-browser-react';

type Stack = Awaited<ReturnType<typeof commands.startStack>>;

let stack: Stack;
let blockedStack: Stack;
let tenantSeq = 0;

beforeAll(async () => {
  stack = await commands.startStack();
  blockedStack = await commands.startStack({ allowOrigins: ['https://partner.example'] });
});
afterAll(async () => {
  await commands.stopStack(stack.id);
  await commands.stopStack(blockedStack.id);
});
afterEach(async () => {
  await cleanup();
  await fetch(`${stack.mockUrl}/__mock/reset`, { method: 'POST' });
});

/** A tenant no other test uses, so the partner's token cache never crosses tests. */
const uniqueTenant = () => `tenant-${Date.now()}-${tenantSeq++}`;
const tokenUrlFor = (s: Stack, tenant: string) =>
  `${s.tokenUrl}?tenant=${encodeURIComponent(tenant)}`;

async function partnerRequests(s: Stack): Promise<number> {
  return ((await (await fetch(s.partnerStatsUrl)).json()) as { requests: number }).requests;
}
async function mockStats(s: Stack) {
  return (await (await fetch(`${s.mockUrl}/__mock/stats`)).json()) as {
    tokensMinted: number;
    byStatus: Record<string, number>;
  };
}
async function setFault(s: Stack, fault: Record<string, unknown>) {
  const res = await fetch(`${s.mockUrl}/__mock/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(fault),
  });
  expect(res.ok).toBe(true);
}

function Providers({ children, baseUrl }: { children: ReactNode; baseUrl: string }) {
  const client = new QueryClient();
  return (
    <ZipteamsProvider
      queryClient={client}
      baseUrl={baseUrl}
      retry={{ baseDelayMs: 50, maxDelayMs: 200 }}
    >
      {children}
    </ZipteamsProvider>
  );
}

const stateOf = (container: HTMLElement) =>
  container.querySelector<HTMLElement>('[data-state]')?.dataset.state;

async function waitForState(container: HTMLElement, state: string, timeout = 10_000) {
  await expect.poll(() => stateOf(container), { timeout }).toBe(state);
}

async function axeViolations(element: Element) {
  const result = await axe.run(element, { resultTypes: ['violations'] });
  return result.violations.map((v) => `${v.id}: ${v.help}`);
}

describe('ZipteamsDashboard against the mock platform (real HTTP, real Chromium)', () => {
  it('should render the dashboard page for the tenant inside the iframe', async () => {
    const tenant = uniqueTenant();
    const { container } = await render(
      <Providers baseUrl={stack.mockUrl}>
        <ZipteamsDashboard tokenUrl={tokenUrlFor(stack, tenant)} theme="dark" agentId="agent-7" />
      </Providers>,
    );
    await waitForState(container, 'ready');
    const iframe = container.querySelector('iframe')!;
    const src = new URL(iframe.src);
    expect(src.origin).toBe(new URL(stack.mockUrl).origin);
    expect(src.searchParams.get('theme')).toBe('dark');
    expect(src.searchParams.get('agent-id')).toBe('agent-7');
    // Playwright learns of the frame's navigation a moment after the page sees `load`: poll.
    const text = () => commands.frameText(iframe.src);
    await expect.poll(text, { timeout: 10_000 }).toContain('Insights for agent agent-7');
    expect(await text()).toContain(`Tenant ${tenant}`);
    expect(await axeViolations(container)).toEqual([]);
  });

  it('should render the Customer Details page of a call', async () => {
    const { container } = await render(
      <Providers baseUrl={stack.mockUrl}>
        <ZipteamsCallDetails tokenUrl={tokenUrlFor(stack, uniqueTenant())} callId="call 42/ü" />
      </Providers>,
    );
    await waitForState(container, 'ready');
    const src = container.querySelector('iframe')!.src;
    await expect
      .poll(() => commands.frameText(src), { timeout: 10_000 })
      .toContain('Call call 42/ü');
  });

  it('should make one token request for ten dashboards on one page, StrictMode included', async () => {
    const before = await partnerRequests(stack);
    const tokenUrl = tokenUrlFor(stack, uniqueTenant());
    const { container } = await render(
      <StrictMode>
        <Providers baseUrl={stack.mockUrl}>
          {Array.from({ length: 10 }, (_, i) => (
            <ZipteamsDashboard key={i} tokenUrl={tokenUrl} height={120} />
          ))}
        </Providers>
      </StrictMode>,
    );
    await expect
      .poll(
        () =>
          [...container.querySelectorAll('[data-state]')].filter(
            (el) => el.getAttribute('data-state') === 'ready',
          ).length,
        {
          timeout: 15_000,
        },
      )
      .toBe(10);
    expect((await partnerRequests(stack)) - before).toBe(1);
  });

  it('should show a frame refused by frame-ancestors as a blocked-frame error', async () => {
    const onError = vi.fn();
    const { container } = await render(
      <Providers baseUrl={blockedStack.mockUrl}>
        <ZipteamsDashboard
          tokenUrl={tokenUrlFor(blockedStack, uniqueTenant())}
          loadTimeout={2_000}
          onError={onError}
        />
      </Providers>,
    );
    await waitForState(container, 'error');
    const alert = page.getByRole('alert').element();
    expect(alert.textContent).toContain('did not load within 2 s');
    expect(alert.textContent).toContain('not whitelisted by Zipteams');
    await expect.element(page.getByRole('button', { name: 'Retry' })).toBeVisible();
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'frame_blocked' }));
    expect(await axeViolations(container)).toEqual([]);
  });

  describe('given failures of the token endpoint', () => {
    it('should show a final error for rejected credentials without hammering, then recover on Retry', async () => {
      await setFault(stack, { status: 403, sticky: true });
      const before = await partnerRequests(stack);
      const { container } = await render(
        <Providers baseUrl={stack.mockUrl}>
          <ZipteamsDashboard tokenUrl={tokenUrlFor(stack, uniqueTenant())} />
        </Providers>,
      );
      await waitForState(container, 'error');
      expect(page.getByRole('alert').element().textContent).toContain('not available right now');
      // A final error is not retried: after several backoff periods there is still one request.
      await expect
        .poll(() => partnerRequests(stack), { timeout: 1_000, interval: 900 })
        .toBe(before + 1);
      await fetch(`${stack.mockUrl}/__mock/faults`, { method: 'DELETE' });
      await page.getByRole('button', { name: 'Retry' }).click();
      await waitForState(container, 'ready');
    });

    it('should retry 500s with backoff and recover without a reload', async () => {
      await setFault(stack, { status: 500, count: 2 });
      const { container } = await render(
        <Providers baseUrl={stack.mockUrl}>
          <ZipteamsDashboard tokenUrl={tokenUrlFor(stack, uniqueTenant())} />
        </Providers>,
      );
      await waitForState(container, 'ready');
      const stats = await mockStats(stack);
      expect(stats.byStatus['500']).toBe(2);
      expect(stats.tokensMinted).toBe(1);
    });

    it('should wait out a 429 Retry-After and recover', async () => {
      await setFault(stack, { status: 429, count: 1, retryAfterSeconds: 1 });
      const started = performance.now();
      const { container } = await render(
        <Providers baseUrl={stack.mockUrl}>
          <ZipteamsDashboard tokenUrl={tokenUrlFor(stack, uniqueTenant())} />
        </Providers>,
      );
      await waitForState(container, 'ready');
      expect(performance.now() - started).toBeGreaterThanOrEqual(1_000);
      expect((await mockStats(stack)).byStatus['429']).toBe(1);
    });

    it('should stop a hanging request on unmount without errors', async () => {
      const errors = vi.spyOn(console, 'error');
      await setFault(stack, { hang: true, sticky: true });
      const { container, unmount } = await render(
        <Providers baseUrl={stack.mockUrl}>
          <ZipteamsDashboard tokenUrl={tokenUrlFor(stack, uniqueTenant())} />
        </Providers>,
      );
      await expect.element(page.getByRole('status')).toBeVisible();
      expect(stateOf(container)).toBe('loading');
      expect(await axeViolations(container)).toEqual([]);
      await unmount();
      expect(container.querySelector('iframe')).toBeNull();
      expect(errors).not.toHaveBeenCalled();
      errors.mockRestore();
    });
  });
});

describe('the embed’s style sheet where partners put the embed', () => {
  it('should style an embed rendered inside a shadow root (its own sheet, not the page’s)', async () => {
    const host = document.createElement('div');
    document.body.append(host);
    const shadow = host.attachShadow({ mode: 'open' });
    const container = document.createElement('div');
    shadow.append(container);
    const root = createRoot(container);
    try {
      root.render(
        <Providers baseUrl={stack.mockUrl}>
          <ZipteamsDashboard tokenUrl={tokenUrlFor(stack, uniqueTenant())} height={500} />
        </Providers>,
      );
      await waitForState(container, 'ready');
      const box = container.querySelector<HTMLElement>('[data-zipteams-embed]')!;
      const frame = container.querySelector('iframe')!;
      expect(getComputedStyle(box).position).toBe('relative');
      expect(getComputedStyle(frame).position).toBe('absolute');
      expect(frame.getBoundingClientRect().height).toBe(500);
      expect(frame.getBoundingClientRect().width).toBe(box.getBoundingClientRect().width);
      expect(shadow.adoptedStyleSheets).toHaveLength(1);
    } finally {
      root.unmount();
      host.remove();
    }
  });

  it('should let a partner’s class on the embed win over the kit’s sheet (display, for one)', async () => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync('.partner-hidden { display: none }');
    document.adoptedStyleSheets = [sheet, ...document.adoptedStyleSheets];
    try {
      const { container } = await render(
        <Providers baseUrl={stack.mockUrl}>
          <ZipteamsDashboard
            tokenUrl={tokenUrlFor(stack, uniqueTenant())}
            className="partner-hidden"
          />
        </Providers>,
      );
      const box = container.querySelector<HTMLElement>('[data-zipteams-embed]')!;
      expect(getComputedStyle(box).display).toBe('none');
    } finally {
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
    }
  });
});
