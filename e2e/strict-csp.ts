import type { Page } from '@playwright/test';

/**
 * The element's strict page: the demo serves `/strict/` with the partner guide's policy, a fresh
 * nonce per request and Trusted Types, and the element's production build (scripts/strict-page.mjs).
 * A page fulfilled by `page.route` would not do: Chromium counts it public, and its Local Network
 * Access checks then refuse the local mock's frames.
 */
export function strictPage(options: {
  csp?: boolean;
  frameSrc?: boolean;
  trustedTypes?: boolean;
  crossOriginToken?: boolean;
}) {
  const query = new URLSearchParams();
  if (options.crossOriginToken) query.set('token', 'cross-origin');
  if (options.csp === false) query.set('csp', 'off');
  if (options.frameSrc === false) query.set('frame-src', 'off');
  if (options.trustedTypes === false) query.set('trusted-types', 'off');
  return `/strict/?${query}`;
}

/**
 * Records the page's Content-Security-Policy violations (and Trusted Types' ones) from before its
 * first script: an init script runs in the page ahead of any of its own.
 */
export async function recordViolations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __violations: string[] }).__violations = seen;
    document.addEventListener('securitypolicyviolation', (event) => {
      const origin = event.blockedURI.startsWith('http')
        ? new URL(event.blockedURI).origin
        : event.blockedURI;
      seen.push(`${event.effectiveDirective} ${origin}`);
    });
  });
}

export const violations = (page: Page) =>
  page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Where the element and its active frame are drawn (undefined: not drawn). */
export async function geometry(page: Page): Promise<{ host?: Box; frame?: Box; state?: string }> {
  return page.evaluate(() => {
    const rect = (element: Element | null | undefined) => {
      if (!element) return undefined;
      const { x, y, width, height } = element.getBoundingClientRect();
      return { x, y, width, height };
    };
    const host = document.querySelector<HTMLElement>('[data-testid="element"]');
    const frame = host?.shadowRoot?.querySelector('iframe[data-zipteams-frame="active"]');
    return { host: rect(host), frame: rect(frame), state: host?.dataset.state };
  });
}
