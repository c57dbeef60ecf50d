import type { BrowserContext, Page } from '@playwright/test';
import { TOKEN_TTL } from './stack.ts';
import { expect, signIn, test } from './fixtures.ts';
import { blankSamples, elementPage, startSampling, stopSampling } from './element-helpers.ts';

/** The kit refreshes a short token at three quarters of its life (see `refreshMarginMs`). */
const REFRESH_INTERVAL_MS = TOKEN_TTL * 750;

/** Every request any tab of the context makes to the partner's token endpoint, by time. */
function tokenRequests(context: BrowserContext): number[] {
  const times: number[] = [];
  context.on('request', (request) => {
    if (new URL(request.url()).pathname === '/api/zipteams/token') times.push(Date.now());
  });
  return times;
}

async function openTab(context: BrowserContext, path: string): Promise<Page> {
  const tab = await context.newPage();
  await tab.goto(path);
  return tab;
}

const ready = (tab: Page, timeout?: number) =>
  expect(tab.getByTestId('element-0')).toHaveAttribute('data-state', /ready|refreshing/, {
    timeout,
  });

test.describe('tabs share one token', () => {
  test('five tabs opened a second apart make one request per token between them, each showing a valid dashboard throughout', async ({
    context,
    page,
  }) => {
    test.setTimeout(40_000 + TOKEN_TTL * 4_000);
    await signIn(page);
    const requests = tokenRequests(context);
    const tabs = [page];
    await page.goto('/element.html?count=1');
    for (let i = 1; i < 5; i++) {
      await page.waitForTimeout(1_000);
      tabs.push(await openTab(context, '/element.html?count=1'));
    }
    for (const tab of tabs) {
      await ready(tab);
      await startSampling(tab);
    }
    // Watch three token lifetimes from the first request.
    await page.waitForTimeout(Math.max(0, requests[0]! + TOKEN_TTL * 3_000 - Date.now()));
    const elapsed = Date.now() - requests[0]!;
    test.info().annotations.push({
      type: 'token requests',
      description: `${requests.length} in ${Math.round(elapsed / 1000)} s (${TOKEN_TTL} s tokens, 5 tabs)`,
    });

    // One tab alone would make 1 + one per refresh interval; five tabs make no more.
    expect(requests.length).toBeGreaterThanOrEqual(3);
    expect(requests.length).toBeLessThanOrEqual(1 + Math.floor(elapsed / REFRESH_INTERVAL_MS));
    const gaps = requests.slice(1).map((at, i) => at - requests[i]!);
    for (const gap of gaps) expect(gap).toBeGreaterThan(REFRESH_INTERVAL_MS - 1_500);
    for (const tab of tabs) {
      const samples = await stopSampling(tab);
      expect(samples.length).toBeGreaterThan(10);
      expect(blankSamples(samples), 'samples without one visible, loaded frame').toEqual([]);
      await expect(elementPage(tab)).toHaveAttribute('data-token-state', 'valid');
    }
  });

  test('closing the tab that holds the lock mid-request does not stall the others', async ({
    context,
    page,
  }) => {
    await signIn(page);
    let answered = 0;
    let held = false;
    // The first request never gets an answer (a slow backend); the tab that made it holds the lock.
    await context.route('**/api/zipteams/token', async (route) => {
      if (!held) {
        held = true;
        return;
      }
      answered++;
      await route.continue();
    });
    await page.goto('/element.html?count=1');
    await expect.poll(() => held).toBe(true);
    const others = [
      await openTab(context, '/element.html?count=1'),
      await openTab(context, '/element.html?count=1'),
    ];
    // They wait for the holder instead of asking themselves.
    await page.waitForTimeout(1_000);
    expect(answered).toBe(0);
    for (const tab of others) {
      await expect(tab.getByTestId('element-0')).toHaveAttribute('data-state', 'loading');
    }

    await page.close();
    // Far sooner than the 15 s a waiter would wait for a frozen holder.
    for (const tab of others) await ready(tab, 5_000);
    expect(answered).toBe(1);
    for (const tab of others) {
      await expect(elementPage(tab)).toHaveAttribute('data-token-state', 'valid');
    }
  });

  test('with share-across-tabs="false" each tab requests its own token', async ({
    context,
    page,
  }) => {
    await signIn(page);
    const requests = tokenRequests(context);
    const tabs = [page];
    await page.goto('/element.html?count=1&share=false');
    tabs.push(await openTab(context, '/element.html?count=1&share=false'));
    tabs.push(await openTab(context, '/element.html?count=1&share=false'));
    for (const tab of tabs) await ready(tab);
    expect(requests).toHaveLength(3);
  });
});

test.describe('tabs share one token (React demo)', () => {
  /** Samples every frame whether the embed shows exactly one loaded frame in a usable state. */
  async function sampleEmbed(tab: Page): Promise<void> {
    await tab.evaluate(() => {
      const w = window as unknown as { __bad: number; __count: number; __sampling: boolean };
      w.__bad = 0;
      w.__count = 0;
      w.__sampling = true;
      const tick = () => {
        if (!w.__sampling) return;
        const root = document.querySelector<HTMLElement>('[data-testid="embed"]');
        const visible = [...(root?.querySelectorAll('iframe') ?? [])].filter(
          (frame) => getComputedStyle(frame).visibility !== 'hidden',
        ).length;
        const state = root?.dataset.state;
        w.__count++;
        if (visible !== 1 || (state !== 'ready' && state !== 'refreshing')) w.__bad++;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
  }
  const sampled = (tab: Page) =>
    tab.evaluate(() => {
      const w = window as unknown as { __bad: number; __count: number; __sampling: boolean };
      w.__sampling = false;
      return { bad: w.__bad, count: w.__count };
    });
  const embedReady = (tab: Page) =>
    expect(tab.getByTestId('embed')).toHaveAttribute('data-state', /ready|refreshing/);

  test('five React tabs opened a second apart make one request per token between them', async ({
    context,
    page,
  }) => {
    test.setTimeout(40_000 + TOKEN_TTL * 4_000);
    await signIn(page);
    const requests = tokenRequests(context);
    const tabs = [page];
    await page.goto('/');
    for (let i = 1; i < 5; i++) {
      await page.waitForTimeout(1_000);
      tabs.push(await openTab(context, '/'));
    }
    for (const tab of tabs) {
      await embedReady(tab);
      await sampleEmbed(tab);
    }
    await page.waitForTimeout(Math.max(0, requests[0]! + TOKEN_TTL * 3_000 - Date.now()));
    const elapsed = Date.now() - requests[0]!;
    test.info().annotations.push({
      type: 'token requests',
      description: `${requests.length} in ${Math.round(elapsed / 1000)} s (${TOKEN_TTL} s tokens, 5 React tabs)`,
    });
    expect(requests.length).toBeLessThanOrEqual(1 + Math.floor(elapsed / REFRESH_INTERVAL_MS));
    const gaps = requests.slice(1).map((at, i) => at - requests[i]!);
    for (const gap of gaps) expect(gap).toBeGreaterThan(REFRESH_INTERVAL_MS - 1_500);
    for (const tab of tabs) {
      const { bad, count } = await sampled(tab);
      expect(count).toBeGreaterThan(10);
      expect(bad, 'frames without one visible, loaded dashboard').toBe(0);
    }
  });

  test('with shareAcrossTabs={false} each React tab requests its own token', async ({
    context,
    page,
  }) => {
    await signIn(page);
    const requests = tokenRequests(context);
    const tabs = [page];
    await page.goto('/?share=false');
    tabs.push(await openTab(context, '/?share=false'));
    tabs.push(await openTab(context, '/?share=false'));
    for (const tab of tabs) await embedReady(tab);
    expect(requests).toHaveLength(3);
  });
});
