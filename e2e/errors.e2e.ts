import { APP_URL_UNLISTED } from './stack.ts';
import {
  clearFaults,
  embed,
  expect,
  expectReady,
  framePage,
  saveScreenshot,
  setFault,
  signIn,
  test,
} from './fixtures.ts';

test.describe('errors show the error UI with Retry', () => {
  test('Zipteams rejects the credentials (403): a final error, then Retry recovers', async ({
    page,
    request,
  }) => {
    await signIn(page);
    await setFault(request, { status: 403, sticky: true });
    await page.goto('/');

    // The partner backend answers 502 upstream_forbidden: final, no retry loop.
    await expect(embed(page)).toHaveAttribute('data-state', 'error');
    const alert = embed(page).getByRole('alert');
    await expect(alert).toContainText('The dashboard could not be shown');
    await expect(alert).not.toContainText('keep trying'); // final: nothing is retried
    const retry = alert.getByRole('button', { name: 'Retry' });
    await expect(retry).toBeVisible();
    await expect(page.getByTestId('token-error')).toHaveText('http (final)');
    await expect(page.getByTestId('event-log')).toContainText('upstream_forbidden');
    await saveScreenshot(page, 'error-retry');

    await clearFaults(request);
    await retry.click();
    await expectReady(page);
    await expect(framePage(page)).toHaveAttribute('data-tenant-id', 'acme');
  });

  test('no session: 401, a prompt to pick a tenant, then the dashboard', async ({ page }) => {
    // A first visit is signed in to a demo tenant; signing out leaves the browser without one.
    await page.goto('/');
    await expectReady(page);
    await page.getByRole('button', { name: 'Sign out' }).click();

    await expect(embed(page)).toHaveAttribute('data-state', 'error');
    const prompt = page.getByTestId('signin-required');
    await expect(prompt).toContainText('Sign in to see the dashboard');
    await expect(prompt.getByRole('button', { name: 'Retry' })).toBeVisible();
    await expect(page.getByText('You are signed out.')).toBeVisible();
    await saveScreenshot(page, 'signed-out');

    await page.getByTestId('tenant-select').selectOption('globex');
    await expectReady(page);
    await expect(framePage(page)).toHaveAttribute('data-tenant-id', 'globex');
  });

  test('a page origin the platform does not allow shows the blocked-frame error', async ({
    page,
  }) => {
    // The mock allows only http://localhost:<port> to frame it; 127.0.0.1 is another origin.
    await signIn(page, 'acme', 'sales', APP_URL_UNLISTED);
    await page.goto(`${APP_URL_UNLISTED}/?loadTimeout=2000`);

    const alert = embed(page).getByRole('alert');
    // Each new token (every ~5 s here) tries the frame again, so the error comes and goes: check
    // and photograph it within one error period (the state is "error" before and after the shot).
    await expect(async () => {
      await expect(embed(page)).toHaveAttribute('data-state', 'error', { timeout: 10_000 });
      await expect(alert).toContainText('The dashboard could not be displayed on this page', {
        timeout: 0,
      });
      await expect(alert).toContainText('did not load within 2 s', { timeout: 0 });
      await expect(alert.getByRole('button', { name: 'Retry' })).toBeVisible({ timeout: 0 });
      await saveScreenshot(page, 'blocked');
      await expect(embed(page)).toHaveAttribute('data-state', 'error', { timeout: 0 });
    }).toPass({ timeout: 30_000 });
    // The token itself is fine: only the frame was refused.
    await expect(page.getByTestId('token-status')).toHaveText(/ready|refreshing/);
  });
});
