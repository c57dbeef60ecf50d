import { MOCK_URL } from './stack.ts';
import { expect, signIn, test } from './fixtures.ts';

// demo/plain.html is the partner guide's plain HTML recipe, quoted as it is (check:docs): no
// framework, the elements from one module script, attributes in the markup, events in a script.
test("the partner guide's plain HTML page shows the dashboard with one token request", async ({
  page,
  problems,
}) => {
  await signIn(page);
  // The recipe names the mock's default port; this stack's mock listens on its own. The attribute
  // is rewritten as the parser adds the element, before the module script upgrades it.
  await page.addInitScript((mockUrl) => {
    new MutationObserver((_, observer) => {
      const element = document.getElementById('insights');
      if (!element) return;
      element.setAttribute('base-url', mockUrl);
      observer.disconnect();
    }).observe(document, { childList: true, subtree: true });
  }, MOCK_URL);
  const tokenRequests: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/api/zipteams/token')
      tokenRequests.push(request.url());
  });
  await page.goto('/plain.html');
  // The page's own zipteams-status listener wrote this.
  await expect(page.locator('#insights-status')).toHaveText('Dashboard: ready');
  const dashboard = page
    .frameLocator('#insights iframe[data-zipteams-frame="active"]')
    .locator('main[data-zipteams-page]');
  await expect(dashboard).toHaveAttribute('data-token-state', 'valid');
  await expect(dashboard).toHaveAttribute('data-theme', 'dark');
  expect(tokenRequests).toHaveLength(1);
  expect(problems.list).toEqual([]);
});
