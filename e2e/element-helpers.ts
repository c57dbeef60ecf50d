import type { Page } from '@playwright/test';

/** Helpers for the custom-element e2e tests (demo/element.html). */

export interface Sample {
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

/** How many iframes each element holds (2 while a successor loads). */
export const frameCounts = (page: Page) =>
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
