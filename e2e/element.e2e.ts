import type { Page } from '@playwright/test';
import { TOKEN_TTL } from './stack.ts';
import { expect, signIn, test } from './fixtures.ts';

interface Sample {
  /** data-state of each element. */
  states: string[];
  /** Visible, laid-out frames of each element. */
  visible: number[];
}

/** Starts sampling every animation frame: each element's state and its visible frames. */
export async function startSampling(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __samples: Sample[]; __sampling: boolean };
    w.__samples = [];
    w.__sampling = true;
    const tick = () => {
      if (!w.__sampling) return;
      const elements = [...document.querySelectorAll('zipteams-dashboard')];
      w.__samples.push({
        states: elements.map((el) => (el as HTMLElement).dataset.state ?? ''),
        visible: elements.map(
          (el) =>
            [...(el.shadowRoot?.querySelectorAll('iframe') ?? [])].filter((frame) => {
              const style = getComputedStyle(frame);
              return style.visibility !== 'hidden' && frame.getBoundingClientRect().height > 0;
            }).length,
        ),
      });
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

export async function stopSampling(page: Page): Promise<Sample[]> {
  return page.evaluate(() => {
    const w = window as unknown as { __samples: Sample[]; __sampling: boolean };
    w.__sampling = false;
    return w.__samples;
  });
}

/** Samples in which some element did not show exactly one loaded, valid page. */
export const blankSamples = (samples: Sample[]) =>
  samples.filter(
    (s) =>
      s.visible.some((n) => n !== 1) ||
      s.states.some((state) => state !== 'ready' && state !== 'refreshing'),
  );

const elementStats = (page: Page) =>
  page.evaluate(
    () => (window as unknown as { __elementStats: { tokens: number[] } }).__elementStats.tokens,
  );

/** How many iframes each element holds (2 while a successor loads). */
const frameCounts = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('zipteams-dashboard')].map(
      (el) => el.shadowRoot?.querySelectorAll('iframe').length ?? 0,
    ),
  );

/** The visible mock page inside element `i`. */
export const elementPage = (page: Page, i = 0) =>
  page
    .frameLocator(`[data-testid="element-${i}"] iframe[data-zipteams-frame="active"]`)
    .locator('main[data-zipteams-page]');

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
