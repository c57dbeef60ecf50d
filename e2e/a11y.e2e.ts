import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';
import { expect, expectReady, signIn, test } from './fixtures.ts';

const require = createRequire(import.meta.url);

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** Runs axe-core on the demo page; the cross-origin Zipteams frames are not ours to audit. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: require.resolve('axe-core') });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (...args: unknown[]) => Promise<unknown> } })
      .axe;
    const result = (await axe.run(document, { iframes: false })) as { violations: AxeViolation[] };
    return result.violations;
  });
  return violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`,
  );
}

test.describe('accessibility (axe)', () => {
  test('the ready dashboard, light and dark', async ({ page }) => {
    await signIn(page);
    await page.goto('/');
    await expectReady(page);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Dark' }).click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    expect(await axeViolations(page)).toEqual([]);
  });

  test('the error UI', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByTestId('signin-required')).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);
  });
});
