import { TOKEN_TTL } from './stack.ts';
import {
  embed,
  expect,
  expectReady,
  expectSameDocument,
  framePage,
  markDocument,
  saveScreenshot,
  signIn,
  test,
} from './fixtures.ts';

interface Sample {
  state: string | undefined;
  /** Frames that are laid out and not hidden. */
  visible: number;
  /** Which frame was visible (a number per iframe element; never its src, which holds the token). */
  visibleId: string | undefined;
  frames: number;
}

test('token rotation swaps frames with no blank moment', async ({ page, problems }) => {
  test.setTimeout(20_000 + TOKEN_TTL * 3_000);
  await signIn(page);
  await page.goto('/');
  await expectReady(page);
  await markDocument(page);
  const firstExp = await framePage(page).getAttribute('data-token-exp');

  // Sample every animation frame: the embed's state and which iframe is on screen.
  await page.evaluate(() => {
    const w = window as unknown as { __samples: Sample[]; __sampling: boolean };
    w.__samples = [];
    w.__sampling = true;
    let nextId = 1;
    const tick = () => {
      if (!w.__sampling) return;
      const root = document.querySelector<HTMLElement>('[data-testid="embed"]');
      const frames = root ? [...root.querySelectorAll('iframe')] : [];
      const visible = frames.filter((frame) => {
        const rect = frame.getBoundingClientRect();
        const style = getComputedStyle(frame);
        return style.visibility !== 'hidden' && style.display !== 'none' && rect.height > 0;
      });
      for (const frame of frames) frame.dataset.sampleId ??= String(nextId++);
      w.__samples.push({
        state: root?.dataset.state,
        visible: visible.length,
        visibleId: visible[0]?.dataset.sampleId,
        frames: frames.length,
      });
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });

  // Two rotations, each a hidden successor loaded and swapped in.
  await expect(page.getByTestId('refresh-count')).toHaveText('2', {
    timeout: TOKEN_TTL * 2_000 + 5_000,
  });
  await expect
    .poll(() => page.locator('[data-testid="embed"] iframe').count(), { timeout: 10_000 })
    .toBe(1);
  await expectReady(page);
  const samples = await page.evaluate(() => {
    const w = window as unknown as { __samples: Sample[]; __sampling: boolean };
    w.__sampling = false;
    return w.__samples;
  });

  expect(samples.length).toBeGreaterThan(60);
  const blank = samples.filter(
    (sample) => sample.visible !== 1 || (sample.state !== 'ready' && sample.state !== 'refreshing'),
  );
  expect(blank, 'samples without exactly one visible, loaded frame').toEqual([]);
  // Both swaps were seen: a pending frame beside the shown one, and three frames shown in turn.
  expect(samples.some((sample) => sample.frames === 2)).toBe(true);
  expect(new Set(samples.map((sample) => sample.visibleId)).size).toBeGreaterThanOrEqual(3);

  // The frame now shows a newer token, in the same document.
  const lastExp = await framePage(page).getAttribute('data-token-exp');
  expect(Number(lastExp)).toBeGreaterThan(Number(firstExp));
  await expect(framePage(page)).toHaveAttribute('data-token-state', 'valid');
  await expect(embed(page)).toHaveAttribute('data-state', /ready|refreshing/);
  await expectSameDocument(page);
  await saveScreenshot(page, 'rotation');
  expect(problems.list).toEqual([]);
});
