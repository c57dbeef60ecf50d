import {
  activeFrame,
  embed,
  expect,
  expectReady,
  framePage,
  saveScreenshot,
  signIn,
  test,
} from './fixtures.ts';

test.describe('the demo embeds the Zipteams pages', () => {
  test('the dashboard renders inside the iframe for the tenant of the session', async ({
    page,
  }) => {
    await signIn(page, 'globex', 'emea');
    await page.goto('/');

    await expectReady(page);
    await expect(framePage(page)).toHaveAttribute('data-zipteams-page', 'insights');
    await expect(framePage(page)).toHaveAttribute('data-tenant-id', 'globex');
    await expect(framePage(page)).toHaveAttribute('data-sub-tenant-id', 'emea');
    await expect(framePage(page)).toHaveAttribute('data-token-state', 'valid');
    await expect(activeFrame(page).getByText('Conversation insights')).toBeVisible();
    // The frame is the documented iframe: titled, allow list, full width.
    const iframe = page.locator('[data-testid="embed"] iframe[data-zipteams-frame="active"]');
    await expect(iframe).toHaveAttribute('title', 'Zipteams Insights Dashboard');
    await expect(iframe).toHaveAttribute('allow', 'autoplay; encrypted-media');
    // The live panel reads the same token (shared request): tenant from its claims.
    await expect(page.getByTestId('token-tenant')).toHaveText('globex / emea');
    await expect(page.getByTestId('token-status')).toHaveText(/ready|refreshing/);
    await saveScreenshot(page, 'ready');
  });

  test('the tenant picker changes the tenant server-side', async ({ page }) => {
    await signIn(page, 'acme', 'sales');
    await page.goto('/');
    await expect(framePage(page)).toHaveAttribute('data-tenant-id', 'acme');

    await page.getByTestId('tenant-select').selectOption('initech');
    await expect(framePage(page)).toHaveAttribute('data-tenant-id', 'initech');
    await expect(framePage(page)).toHaveAttribute('data-sub-tenant-id', 'inside-sales');
    await page.getByTestId('subtenant-select').selectOption('renewals');
    await expect(framePage(page)).toHaveAttribute('data-sub-tenant-id', 'renewals');
    await expectReady(page);
  });

  test('theme, agent filter and call details reach the frame', async ({ page, problems }) => {
    await signIn(page);
    await page.goto('/');
    await expectReady(page);

    await page.getByRole('button', { name: 'Dark' }).click();
    await expect(framePage(page)).toHaveAttribute('data-theme', 'dark');
    await page.getByTestId('agent-filter').selectOption('agent-ana');
    await expect(framePage(page)).toHaveAttribute('data-agent-id', 'agent-ana');
    await expect(embed(page)).toHaveAttribute('data-state', /ready|refreshing/);
    await expectReady(page);
    await saveScreenshot(page, 'dark');

    await page.getByRole('button', { name: 'Call details' }).click();
    await expect(framePage(page)).toHaveAttribute('data-zipteams-page', 'call-details');
    await expect(framePage(page)).toHaveAttribute('data-call-id', 'call-1001');
    await page.getByTestId('call-picker').selectOption('call-1002');
    await expect(framePage(page)).toHaveAttribute('data-call-id', 'call-1002');
    await expect(
      page.locator('[data-testid="embed"] iframe[data-zipteams-frame="active"]'),
    ).toHaveAttribute('title', 'Zipteams call details');
    await expectReady(page);
    await saveScreenshot(page, 'call-details');

    // The happy path logs no console error and no unhandled rejection.
    expect(problems.list).toEqual([]);
  });
});
