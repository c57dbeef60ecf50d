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

/**
 * Each tab's first token is its own request (never another tab's); after that the tabs share
 * each rotation: one request per refresh interval for all of them, as one tab alone would make.
 */
function expectOnePerRotation(requests: number[], tabs: number) {
  const firstLoads = requests.slice(0, tabs);
  const rotations = requests.slice(tabs);
  const lastLoad = firstLoads.at(-1)!;
  expect(firstLoads).toHaveLength(tabs);
  expect(rotations.length).toBeGreaterThanOrEqual(2);
  expect(rotations.length).toBeLessThanOrEqual(
    1 + Math.floor((Date.now() - lastLoad) / REFRESH_INTERVAL_MS),
  );
  const gaps = rotations.slice(1).map((at, i) => at - rotations[i]!);
  for (const gap of gaps) expect(gap).toBeGreaterThan(REFRESH_INTERVAL_MS - 1_500);
}

const ready = (tab: Page, timeout?: number) =>
  expect(tab.getByTestId('element-0')).toHaveAttribute('data-state', /ready|refreshing/, {
    timeout,
  });

test.describe('tabs share rotations', () => {
  test('five tabs opened a second apart make one request per first load, then one per rotation between them, each showing a valid dashboard throughout', async ({
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

    expectOnePerRotation(requests, 5);
    for (const tab of tabs) {
      const samples = await stopSampling(tab);
      expect(samples.length).toBeGreaterThan(10);
      expect(blankSamples(samples), 'samples without one visible, loaded frame').toEqual([]);
      await expect(elementPage(tab)).toHaveAttribute('data-token-state', 'valid');
    }
  });

  test('closing the tab that holds the lock mid-rotation does not stall the others', async ({
    context,
    page,
  }) => {
    test.setTimeout(30_000 + TOKEN_TTL * 2_000);
    await signIn(page);
    const tabs = [page];
    await page.goto('/element.html?count=1');
    tabs.push(await openTab(context, '/element.html?count=1'));
    tabs.push(await openTab(context, '/element.html?count=1'));
    for (const tab of tabs) await ready(tab);
    let answered = 0;
    let holder: Page | undefined;
    // The first rotation request never gets an answer (a slow backend): its tab holds the lock.
    await context.route('**/api/zipteams/token', async (route) => {
      if (!holder) {
        holder = route.request().frame().page();
        return;
      }
      answered++;
      await route.continue();
    });
    await expect.poll(() => holder !== undefined, { timeout: TOKEN_TTL * 1_500 }).toBe(true);
    // The others wait for the holder instead of asking themselves.
    await page.waitForTimeout(1_000);
    expect(answered).toBe(0);
    await holder!.close();
    const others = tabs.filter((tab) => tab !== holder);
    // Far sooner than the 15 s a waiter would wait for a frozen holder.
    await expect.poll(() => answered, { timeout: 5_000 }).toBe(1);
    for (const tab of others) {
      await ready(tab);
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

test.describe('tabs share rotations (React demo)', () => {
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

  test('five React tabs opened a second apart make one request per first load, then one per rotation between them', async ({
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
    expectOnePerRotation(requests, 5);
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
    const askers = new Set<Page>();
    context.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/zipteams/token') {
        askers.add(request.frame().page());
      }
    });
    const tabs = [page];
    await page.goto('/?share=false');
    tabs.push(await openTab(context, '/?share=false'));
    tabs.push(await openTab(context, '/?share=false'));
    for (const tab of tabs) await embedReady(tab);
    // Each tab asked for its own (a slow machine may add a tab's own rotation: never a shared one).
    expect([...askers].sort()).toEqual([...tabs].sort());
  });
});
