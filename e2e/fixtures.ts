import { mkdirSync } from 'node:fs';
import { test as base, expect, type APIRequestContext, type Page } from '@playwright/test';
import { APP_URL, MOCK_URL } from './stack.ts';

export { expect };

/** A fault of the mock platform's token API (packages/mock/README.md). */
export interface MockFault {
  status?: number;
  count?: number;
  sticky?: boolean;
  hang?: boolean;
  latencyMs?: number;
  retryAfterSeconds?: number;
}

export interface MockStats {
  tokensMinted: number;
  tokenRequests: number;
  byStatus: Record<string, number>;
  pending: number;
}

interface Problems {
  /** Console errors and uncaught exceptions / unhandled rejections of the page, as text. */
  readonly list: string[];
}

export const test = base.extend<{ problems: Problems; stackReset: undefined }>({
  // Every test starts from a clean platform: no faults, zeroed counters, empty partner cache.
  stackReset: [
    async ({ request }, use) => {
      const response = await request.post(`${APP_URL}/api/demo/reset`);
      expect(response.ok()).toBe(true);
      await use(undefined);
    },
    { auto: true },
  ],
  problems: async ({ page }, use) => {
    const list: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') list.push(`console.error: ${message.text()}`);
    });
    page.on('pageerror', (error) => list.push(`pageerror: ${error.message}`));
    await use({ list });
  },
});

/**
 * Signs the browser context in as a tenant (the demo's session cookie), on `origin`. The page
 * itself never chooses the tenant: the backend reads it from this session.
 */
export async function signIn(
  page: Page,
  tenantId = 'acme',
  subTenantId = 'sales',
  origin = APP_URL,
): Promise<void> {
  const response = await page.request.post(`${origin}/api/session`, {
    data: { tenantId, subTenantId },
  });
  expect(response.ok()).toBe(true);
}

export async function setFault(request: APIRequestContext, fault: MockFault): Promise<void> {
  const response = await request.post(`${MOCK_URL}/__mock/faults`, { data: fault });
  expect(response.ok()).toBe(true);
}

export async function clearFaults(request: APIRequestContext): Promise<void> {
  expect((await request.delete(`${MOCK_URL}/__mock/faults`)).ok()).toBe(true);
}

export async function mockStats(request: APIRequestContext): Promise<MockStats> {
  return (await (await request.get(`${MOCK_URL}/__mock/stats`)).json()) as MockStats;
}

/** The embed's root element (it carries `data-state`). */
export const embed = (page: Page) => page.getByTestId('embed');

/** The visible Zipteams page inside the embed. */
export const activeFrame = (page: Page) =>
  page.frameLocator('[data-testid="embed"] iframe[data-zipteams-frame="active"]');

/** The root element of the mock page in the visible frame. */
export const framePage = (page: Page) => activeFrame(page).locator('main[data-zipteams-page]');

export async function expectReady(page: Page): Promise<void> {
  await expect(embed(page)).toHaveAttribute('data-state', 'ready');
}

/** Saves a screenshot of a main state as .screenshots/demo-<name>.png (git-ignored), to look at. */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync('.screenshots', { recursive: true });
  await page.screenshot({ path: `.screenshots/demo-${name}.png`, fullPage: true });
}

/** Marks the current document, to prove later that no reload happened. */
export async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __e2eMarker?: boolean }).__e2eMarker = true;
  });
}

export async function expectSameDocument(page: Page): Promise<void> {
  expect(
    await page.evaluate(() => (window as unknown as { __e2eMarker?: boolean }).__e2eMarker),
  ).toBe(true);
}
