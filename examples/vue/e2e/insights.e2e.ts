import { expect, test, type Page } from '@playwright/test';
import { MOCK_URL, TOKEN_TTL } from '../playwright.config';

interface Sample {
  state: string | undefined;
  /** Frames in the element's shadow root, laid out and not hidden. */
  visible: number;
}

const isTokenRequest = (url: string) => new URL(url).pathname === '/api/zipteams/token';

/** The page shown inside the element (the mock's dashboard). */
const dashboard = (page: Page) =>
  page
    .frameLocator('[data-testid="embed"] iframe[data-zipteams-frame="active"]')
    .locator('main[data-zipteams-page]');

/** Token requests the page makes, with the header the app binds through `tokenRequestInit`. */
function recordTokenRequests(page: Page): Array<string | undefined> {
  const headers: Array<string | undefined> = [];
  page.on('request', (request) => {
    if (isTokenRequest(request.url())) headers.push(request.headers()['x-zipteams-embed']);
  });
  return headers;
}

test.beforeEach(async ({ page }) => {
  expect((await page.request.post(`${MOCK_URL}/__mock/reset`)).ok()).toBe(true);
  page.on('pageerror', (error) => {
    throw error;
  });
});

test('the dashboard loads through the bindings, and its events reach the app', async ({ page }) => {
  const tokenRequests = recordTokenRequests(page);
  await page.goto('/');
  await expect(page.getByTestId('embed')).toHaveAttribute('data-state', 'ready');
  // @zipteams-status and @zipteams-token handlers updated the app's own state.
  await expect(page.getByTestId('embed-status')).toHaveText(/^ready · 1 tokens/);
  // base-url (an attribute) put the mock's pages in the frame, theme its default.
  await expect(dashboard(page)).toHaveAttribute('data-token-state', 'valid');
  await expect(dashboard(page)).toHaveAttribute('data-theme', 'light');
  await expect(dashboard(page)).toHaveAttribute('data-tenant-id', 'acme');
  const src = await page.locator('[data-testid="embed"] iframe').getAttribute('src');
  expect(new URL(src!).origin).toBe(MOCK_URL);
  // One request, with the header bound as the tokenRequestInit property (the backend needs it).
  expect(tokenRequests).toEqual(['1']);
});

test('changing a bound attribute or property swaps the page, with no new token', async ({
  page,
}) => {
  const tokenRequests = recordTokenRequests(page);
  await page.goto('/');
  await expect(dashboard(page)).toHaveAttribute('data-token-state', 'valid');

  await page.getByRole('button', { name: 'Dark theme' }).click();
  await expect(dashboard(page)).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByTestId('embed')).toHaveAttribute('theme', 'dark');

  // agentId is bound as a property (camelCase); the element reflects it to agent-id.
  await page.getByLabel('Agent').selectOption('agent-7');
  await expect(dashboard(page)).toHaveAttribute('data-agent-id', 'agent-7');
  await expect(dashboard(page)).toHaveAttribute('data-theme', 'dark');
  expect(tokenRequests).toHaveLength(1);
});

test('a short-lived token is refreshed and announced, without a blank moment', async ({ page }) => {
  test.setTimeout(30_000 + TOKEN_TTL * 3_000);
  await page.goto('/');
  await expect(dashboard(page)).toHaveAttribute('data-token-state', 'valid');
  const firstExp = Number(await dashboard(page).getAttribute('data-token-exp'));
  await page.evaluate(() => {
    const w = window as unknown as { __samples: Sample[] };
    w.__samples = [];
    const tick = () => {
      const element = document.querySelector<HTMLElement>('[data-testid="embed"]');
      const frames = [...(element?.shadowRoot?.querySelectorAll('iframe') ?? [])];
      w.__samples.push({
        state: element?.dataset.state,
        visible: frames.filter((frame) => {
          const style = getComputedStyle(frame);
          return style.visibility !== 'hidden' && frame.getBoundingClientRect().height > 0;
        }).length,
      });
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });

  // The @zipteams-token handler counts the new token; the new page is swapped in.
  await expect(page.getByTestId('embed-status')).toHaveText(/ · 2 tokens/, {
    timeout: TOKEN_TTL * 1_500 + 5_000,
  });
  await expect
    .poll(async () => Number(await dashboard(page).getAttribute('data-token-exp')), {
      timeout: 10_000,
    })
    .toBeGreaterThan(firstExp);
  await expect(page.locator('[data-testid="embed"] iframe')).toHaveCount(1);

  const samples = await page.evaluate(
    () => (window as unknown as { __samples: Sample[] }).__samples,
  );
  expect(samples.length).toBeGreaterThan(60);
  const blank = samples.filter(
    (sample) => sample.visible !== 1 || (sample.state !== 'ready' && sample.state !== 'refreshing'),
  );
  expect(blank, 'samples without exactly one visible frame and a ready state').toEqual([]);
});
