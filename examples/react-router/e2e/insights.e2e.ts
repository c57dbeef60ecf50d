import { expect, test, type Page } from '@playwright/test';
import { MOCK_URL, TOKEN_TTL } from '../playwright.config';

interface Sample {
  state: string | undefined;
  /** Frames laid out and not hidden. */
  visible: number;
  /** Which frame was visible (a number per iframe element, never its src: it holds the token). */
  visibleId: string | undefined;
}

const isTokenRequest = (url: string) => new URL(url).pathname === '/api/zipteams/token';
const isDashboardRequest = (url: string) => new URL(url).pathname === '/view-insights';

async function signIn(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByRole('button', { name: /Ana/ }).click();
  await expect(page.getByRole('heading', { name: 'Insights' })).toBeVisible();
}

async function tokensMinted(page: Page): Promise<number> {
  const stats = (await (await page.request.get(`${MOCK_URL}/__mock/stats`)).json()) as {
    tokensMinted: number;
  };
  return stats.tokensMinted;
}

/** Resolves once React has hydrated the embed (it attaches its fiber to the element). */
async function hydrated(page: Page): Promise<void> {
  await expect
    .poll(() =>
      page.evaluate(() => {
        const root = document.querySelector('[data-testid="embed"]');
        return root !== null && Object.keys(root).some((key) => key.startsWith('__reactFiber'));
      }),
    )
    .toBe(true);
}

test.beforeEach(async ({ page }) => {
  expect((await page.request.post(`${MOCK_URL}/__mock/reset`)).ok()).toBe(true);
});

test('the server HTML already holds the dashboard iframe with a token', async ({ page }) => {
  await signIn(page);
  const response = await page.request.get('/');
  expect(response.headers()['cache-control']).toContain('no-store');
  const html = await response.text();
  const frames = html.match(/<iframe[^>]*>/g) ?? [];
  expect(frames).toHaveLength(1);
  const src = /src="([^"]+)"/.exec(frames[0]!)?.[1]?.replace(/&amp;/g, '&');
  expect(src).toBeDefined();
  const url = new URL(src!);
  expect(url.origin).toBe(MOCK_URL);
  expect(url.pathname).toBe('/view-insights');
  expect(url.searchParams.get('token')).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  // No credential ever reaches the HTML.
  expect(html).not.toContain('dev-api-secret');
  expect(html).not.toContain('dev-api-key');
});

test('the page makes no token request on load and hydration keeps the server frame', async ({
  page,
}) => {
  await signIn(page);
  const tokenRequests: string[] = [];
  const dashboardRequests: string[] = [];
  page.on('request', (request) => {
    if (isTokenRequest(request.url())) tokenRequests.push(request.url());
    if (isDashboardRequest(request.url())) dashboardRequests.push(request.url());
  });
  const minted = await tokensMinted(page);
  await page.reload();
  await hydrated(page);
  await expect(page.getByTestId('embed')).toHaveAttribute('data-state', 'ready');
  await expect(
    page.frameLocator('[data-testid="embed"] iframe').locator('main[data-zipteams-page]'),
  ).toHaveAttribute('data-token-state', 'valid');
  // One dashboard load (the server's frame, neither reloaded nor replaced), no token request:
  // the token was minted during server rendering (one upstream call, or none from the cache).
  expect(await page.locator('[data-testid="embed"] iframe').count()).toBe(1);
  expect(dashboardRequests).toHaveLength(1);
  expect(tokenRequests).toEqual([]);
  expect((await tokensMinted(page)) - minted).toBeLessThanOrEqual(1);
});

test('a short-lived token is refreshed and rotated without a blank moment', async ({ page }) => {
  test.setTimeout(30_000 + TOKEN_TTL * 3_000);
  await signIn(page);
  // Sample from the first parsed byte of the reload: the server frame must stay on screen through
  // hydration and every rotation after it.
  await page.addInitScript(() => {
    const w = window as unknown as { __samples: Sample[] };
    w.__samples = [];
    let nextId = 1;
    const tick = () => {
      const root = document.querySelector<HTMLElement>('[data-testid="embed"]');
      if (root) {
        const frames = [...root.querySelectorAll('iframe')];
        const visible = frames.filter((frame) => {
          const style = getComputedStyle(frame);
          const rect = frame.getBoundingClientRect();
          return style.visibility !== 'hidden' && style.display !== 'none' && rect.height > 0;
        });
        for (const frame of frames) frame.dataset.sampleId ??= String(nextId++);
        w.__samples.push({
          state: root.dataset.state,
          visible: visible.length,
          visibleId: visible[0]?.dataset.sampleId,
        });
      }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  let tokenRequests = 0;
  page.on('request', (request) => {
    if (isTokenRequest(request.url())) tokenRequests++;
  });
  await page.reload();
  const firstFrame = page.frameLocator(
    '[data-testid="embed"] iframe[data-zipteams-frame="active"]',
  );
  const firstExp = Number(
    await firstFrame.locator('main[data-zipteams-page]').getAttribute('data-token-exp'),
  );

  // Two rotations: each a token from the route handler, loaded hidden and swapped in.
  const distinctVisible = () =>
    page.evaluate(
      () =>
        new Set((window as unknown as { __samples: Sample[] }).__samples.map((s) => s.visibleId))
          .size,
    );
  await expect
    .poll(distinctVisible, { timeout: TOKEN_TTL * 2_500 + 5_000 })
    .toBeGreaterThanOrEqual(3);
  expect(tokenRequests).toBeGreaterThanOrEqual(2);
  await expect
    .poll(() => page.locator('[data-testid="embed"] iframe').count(), { timeout: 10_000 })
    .toBe(1);

  const samples = await page.evaluate(
    () => (window as unknown as { __samples: Sample[] }).__samples,
  );
  expect(samples.length).toBeGreaterThan(60);
  const blank = samples.filter(
    (sample) => sample.visible !== 1 || (sample.state !== 'ready' && sample.state !== 'refreshing'),
  );
  expect(blank, 'samples without exactly one visible frame and a ready state').toEqual([]);
  const lastExp = Number(
    await page
      .frameLocator('[data-testid="embed"] iframe[data-zipteams-frame="active"]')
      .locator('main[data-zipteams-page]')
      .getAttribute('data-token-exp'),
  );
  expect(lastExp).toBeGreaterThan(firstExp);
});

test('a new user in the same browser sees their own tenant, server-rendered, never the previous one', async ({
  context,
  page,
}) => {
  const shownTenant = (tab: Page) =>
    tab
      .frameLocator('[data-testid="embed"] iframe[data-zipteams-frame="active"]')
      .locator('main[data-zipteams-page]');
  await signIn(page);
  await expect(shownTenant(page)).toHaveAttribute('data-tenant-id', 'acme');
  // Ana's tab stays open beside the next user's.
  const anaTab = await context.newPage();
  await anaTab.goto('/');
  await expect(shownTenant(anaTab)).toHaveAttribute('data-tenant-id', 'acme');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: /Raj/ }).click();
  await expect(page.getByRole('heading', { name: 'Insights' })).toBeVisible();
  await expect(shownTenant(page)).toHaveAttribute('data-tenant-id', 'globex');
  // The server's HTML for Raj holds Raj's token.
  const html = await (await page.request.get('/')).text();
  const src = /<iframe[^>]*src="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&');
  const token = new URL(src!).searchParams.get('token')!;
  const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as {
    tenantId: string;
  };
  expect(claims.tenantId).toBe('globex');
  // A new tab, and Ana's open one once reloaded, show Raj's tenant too.
  const rajTab = await context.newPage();
  await rajTab.goto('/');
  await expect(shownTenant(rajTab)).toHaveAttribute('data-tenant-id', 'globex');
  await anaTab.reload();
  await expect(shownTenant(anaTab)).toHaveAttribute('data-tenant-id', 'globex');
});
