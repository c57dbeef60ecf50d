import type { Page } from '@playwright/test';
import { TOKEN_TTL } from './stack.ts';
import { expect, signIn, test } from './fixtures.ts';
import {
  blankSamples,
  elementPage,
  frameCounts,
  startSampling,
  stopSampling,
} from './element-helpers.ts';

const elementStats = (page: Page) =>
  page.evaluate(
    () => (window as unknown as { __elementStats: { tokens: number[] } }).__elementStats.tokens,
  );

test('a plain HTML page with two <zipteams-dashboard> elements makes one request, rotates without a blank moment, and none after removal', async ({
  page,
  problems,
}) => {
  test.setTimeout(30_000 + TOKEN_TTL * 4_000);
  await signIn(page);
  const requests: number[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/api/zipteams/token') requests.push(Date.now());
  });
  await page.goto('/element.html');
  for (const i of [0, 1]) {
    await expect(page.getByTestId(`element-${i}`)).toHaveAttribute('data-state', 'ready');
    await expect(elementPage(page, i)).toHaveAttribute('data-token-state', 'valid');
  }
  expect(requests).toHaveLength(1);

  await startSampling(page);
  // Two rotations: both elements get each new token from the one shared request.
  await expect
    .poll(() => elementStats(page), { timeout: TOKEN_TTL * 2_000 + 5_000 })
    .toEqual([3, 3]);
  await expect.poll(() => frameCounts(page), { timeout: 10_000 }).toEqual([1, 1]);
  const samples = await stopSampling(page);
  expect(samples.length).toBeGreaterThan(60);
  expect(blankSamples(samples), 'samples without exactly one visible, loaded frame').toEqual([]);
  expect(requests).toHaveLength(3);
  await expect(elementPage(page, 1)).toHaveAttribute('data-token-state', 'valid');

  await page.getByRole('button', { name: 'Remove the elements' }).click();
  await expect(page.locator('zipteams-dashboard')).toHaveCount(0);
  const afterRemoval = requests.length;
  // Longer than a whole token lifetime: a refresh would have come by now.
  await page.waitForTimeout(TOKEN_TTL * 1_000 + 2_000);
  expect(requests.length).toBe(afterRemoval);
  expect(problems.list).toEqual([]);
});
