import type { BrowserContext, Page } from '@playwright/test';
import { APP_URL } from './stack.ts';
import { expect, framePage, signIn, test } from './fixtures.ts';
import { elementPage } from './element-helpers.ts';

/**
 * Alice, then Bob, in one browser: the partner's token endpoint decides the tenant from its
 * session cookie, and the partner calls nothing of the kit between them. Bob must see Bob's
 * tenant, from a request made in Bob's session, whatever Alice left behind.
 */

/** Each token request a page of the context makes, by the page that made it. */
function tokenRequests(context: BrowserContext): Map<Page, number> {
  const counts = new Map<Page, number>();
  context.on('request', (request) => {
    if (new URL(request.url()).pathname !== '/api/zipteams/token') return;
    const page = request.frame().page();
    counts.set(page, (counts.get(page) ?? 0) + 1);
  });
  return counts;
}

async function openTab(context: BrowserContext, path: string): Promise<Page> {
  const tab = await context.newPage();
  await tab.goto(path);
  return tab;
}

const elementTenant = (tab: Page) => elementPage(tab).getAttribute('data-tenant-id');

async function expectElementTenant(tab: Page, tenantId: string) {
  await expect(elementPage(tab)).toHaveAttribute('data-tenant-id', tenantId);
}

test.describe('a new user in the same browser (<zipteams-dashboard>)', () => {
  test("should show Bob's tenant from Bob's request after Alice's tab was closed", async ({
    context,
    page,
  }) => {
    const requests = tokenRequests(context);
    await signIn(page, 'acme', 'sales');
    await page.goto('/element.html?count=1');
    await expectElementTenant(page, 'acme');
    await page.close();

    const bobPage = await context.newPage();
    await signIn(bobPage, 'globex', 'emea');
    await bobPage.goto('/element.html?count=1');
    await expectElementTenant(bobPage, 'globex');
    expect(requests.get(bobPage)).toBeGreaterThanOrEqual(1);
  });

  test("should show Bob's tenant beside Alice's open tab, and move Alice's tab to Bob's session", async ({
    context,
    page,
  }) => {
    const requests = tokenRequests(context);
    await signIn(page, 'acme', 'sales');
    await page.goto('/element.html?count=1');
    await expectElementTenant(page, 'acme');

    await signIn(page, 'globex', 'emea');
    const bobTab = await openTab(context, '/element.html?count=1');
    await expectElementTenant(bobTab, 'globex');
    expect(requests.get(bobTab)).toBe(1);
    // The open tab heard another tenant for its source: it asked its session (now Bob's) at once.
    await expectElementTenant(page, 'globex');
    expect(await elementTenant(page)).toBe('globex');

    await page.reload();
    await expectElementTenant(page, 'globex');
  });

  test('should show the new session after the sign-out call, in the same page without a reload', async ({
    page,
  }) => {
    await signIn(page, 'acme', 'sales');
    await page.goto('/element.html?count=1');
    await expectElementTenant(page, 'acme');
    await page.getByRole('button', { name: 'Remove the elements' }).click();
    await signIn(page, 'globex', 'emea');
    await page.getByRole('button', { name: 'Forget tokens (the sign-out call)' }).click();
    await page.getByRole('button', { name: 'Add the elements' }).click();
    await expectElementTenant(page, 'globex');
  });

  test('should end the session in every tab after a 401 in one', async ({ context, page }) => {
    await signIn(page, 'acme', 'sales');
    await page.goto('/element.html?count=1');
    await expectElementTenant(page, 'acme');
    const response = await page.request.delete(`${APP_URL}/api/session`);
    expect(response.ok()).toBe(true);
    const other = await openTab(context, '/element.html?count=1');
    await expect(other.getByTestId('element-0')).toHaveAttribute('data-state', 'error');
    // The first tab drops Alice's dashboard too, and says why.
    await expect(page.getByTestId('element-0')).toHaveAttribute('data-state', 'error');
    await expect(page.getByTestId('element-0').locator('iframe')).toHaveCount(0);
  });
});

test.describe('a new user in the same browser (React demo)', () => {
  test("should show Bob's tenant from Bob's request, after Alice's tab was closed or beside it", async ({
    context,
    page,
  }) => {
    const requests = tokenRequests(context);
    await signIn(page, 'acme', 'sales');
    await page.goto('/');
    await expect(framePage(page)).toHaveAttribute('data-tenant-id', 'acme');

    await signIn(page, 'globex', 'emea');
    const bobTab = await openTab(context, '/');
    await expect(framePage(bobTab)).toHaveAttribute('data-tenant-id', 'globex');
    expect(requests.get(bobTab)).toBeGreaterThanOrEqual(1);
    await page.close();
    const another = await openTab(context, '/');
    await expect(framePage(another)).toHaveAttribute('data-tenant-id', 'globex');
  });

  test('should switch the dashboard with the account, in the same page without a reload', async ({
    page,
  }) => {
    await signIn(page, 'acme', 'sales');
    await page.goto('/');
    await expect(framePage(page)).toHaveAttribute('data-tenant-id', 'acme');
    await page.getByTestId('tenant-select').selectOption('globex');
    await expect(framePage(page)).toHaveAttribute('data-tenant-id', 'globex');
  });
});
