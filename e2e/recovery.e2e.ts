import {
  embed,
  expect,
  expectReady,
  expectSameDocument,
  framePage,
  markDocument,
  mockStats,
  signIn,
  test,
} from './fixtures.ts';

test.describe('injected failures recover without a page reload', () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page);
    await page.goto('/');
    await expectReady(page);
    await markDocument(page);
  });

  test('three 500s from Zipteams', async ({ page, request }) => {
    const before = Number(await page.getByTestId('refresh-count').textContent());
    // The demo's button: the mock answers the next 3 token calls with 500, then a refresh starts.
    await page.getByRole('button', { name: '3 × HTTP 500' }).click();

    await expect.poll(async () => (await mockStats(request)).byStatus['500'] ?? 0).toBe(3);
    await expect(page.getByTestId('event-log')).toContainText('upstream_error');
    // Recovered: a newer token arrived and is on screen, in the same document.
    await expect
      .poll(async () => Number(await page.getByTestId('refresh-count').textContent()), {
        timeout: 20_000,
      })
      .toBeGreaterThan(before);
    await expectReady(page);
    await expect(framePage(page)).toHaveAttribute('data-token-state', 'valid');
    await expect(page.getByTestId('mock-fault')).toHaveText('none');
    await expectSameDocument(page);
  });

  test('a 429 with Retry-After', async ({ page, request }) => {
    const before = Number(await page.getByTestId('refresh-count').textContent());
    await page.getByRole('button', { name: '1 × HTTP 429' }).click();

    await expect.poll(async () => (await mockStats(request)).byStatus['429'] ?? 0).toBe(1);
    await expect(page.getByTestId('event-log')).toContainText('rate_limited');
    await expect
      .poll(async () => Number(await page.getByTestId('refresh-count').textContent()), {
        timeout: 20_000,
      })
      .toBeGreaterThan(before);
    await expectReady(page);
    await expect(embed(page)).toHaveAttribute('data-state', 'ready');
    await expectSameDocument(page);
  });

  test('a hanging token call: the backend times out, the kit retries', async ({
    page,
    request,
  }) => {
    const before = Number(await page.getByTestId('refresh-count').textContent());
    await page.getByRole('button', { name: '1 × hang' }).click();

    // The mock holds the call; the partner backend gives up after 5 s and answers 504.
    await expect.poll(async () => (await mockStats(request)).pending).toBe(1);
    await expect(page.getByTestId('event-log')).toContainText('upstream_timeout', {
      timeout: 15_000,
    });
    await expect
      .poll(async () => Number(await page.getByTestId('refresh-count').textContent()), {
        timeout: 20_000,
      })
      .toBeGreaterThan(before);
    await expectReady(page);
    await expectSameDocument(page);
  });
});
