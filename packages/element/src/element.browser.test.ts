import '@zipteams/element';
import {
  ZipteamsDashboardElement,
  clearSharedTokens,
  defineZipteamsElements,
  type ZipteamsEventDetail,
} from '@zipteams/element';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';

type Stack = Awaited<ReturnType<typeof commands.startStack>>;

let stack: Stack;
let blockedStack: Stack;
let tenantSeq = 0;

beforeAll(async () => {
  stack = await commands.startStack();
  blockedStack = await commands.startStack({ allowOrigins: ['https://partner.example'] });
});
afterAll(async () => {
  await commands.stopStack(stack.id);
  await commands.stopStack(blockedStack.id);
});
afterEach(() => {
  document.body.replaceChildren();
});

/** A tenant (so a token URL, so a source key) no other test uses: no token crosses tests. */
const tokenUrlFor = (s: Stack) =>
  `${s.tokenUrl}?tenant=${encodeURIComponent(`el-${Date.now()}-${tenantSeq++}`)}`;

async function partnerRequests(s: Stack): Promise<number> {
  return ((await (await fetch(s.partnerStatsUrl)).json()) as { requests: number }).requests;
}

function mount(html: string): HTMLElement[] {
  const box = document.createElement('div');
  box.innerHTML = html;
  document.body.append(box);
  return [...box.children] as HTMLElement[];
}

/** Resolves when `condition` holds, checked on every animation frame (fails after 10 s). */
async function until(condition: () => boolean, what: string): Promise<void> {
  const started = performance.now();
  while (!condition()) {
    if (performance.now() - started > 10_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}

const frames = (element: HTMLElement) => [...element.shadowRoot!.querySelectorAll('iframe')];
const shownFrames = (element: HTMLElement) =>
  frames(element).filter((frame) => getComputedStyle(frame).visibility !== 'hidden');

describe('<zipteams-dashboard> in a real Chromium against the real mock', () => {
  it('should make one request for two elements with the same source and show both dashboards', async () => {
    const before = await partnerRequests(stack);
    const tokenUrl = tokenUrlFor(stack);
    const events: string[] = [];
    const elements = mount(
      `<zipteams-dashboard token-url="${tokenUrl}" base-url="${stack.mockUrl}" theme="dark"></zipteams-dashboard>` +
        `<zipteams-dashboard token-url="${tokenUrl}" base-url="${stack.mockUrl}" height="500"></zipteams-dashboard>`,
    );
    elements[0]!.addEventListener('zipteams-load', () => events.push('load'));
    elements[0]!.addEventListener('zipteams-token', (event) => {
      const { token } = (event as CustomEvent<ZipteamsEventDetail['zipteams-token']>).detail;
      events.push(`token ${token.lifetimeMs}`);
    });
    await until(() => elements.every((el) => el.dataset.state === 'ready'), 'both ready');
    expect(await partnerRequests(stack)).toBe(before + 1);
    for (const element of elements) expect(shownFrames(element)).toHaveLength(1);
    expect(new URL(frames(elements[0]!)[0]!.src).searchParams.get('theme')).toBe('dark');
    expect(frames(elements[0]!)[0]!.title).toBe('Zipteams Insights Dashboard');
    expect(elements[1]!.getBoundingClientRect().height).toBe(500);
    expect(elements[0]!.getBoundingClientRect().height).toBe(800);
    expect(events).toHaveLength(2);
    expect(events[0]).toMatch(/^token 86\d{6}$/);
    expect(events[1]).toBe('load');
  });

  it('should swap to a new page when an attribute changes, never blank', async () => {
    const [element] = mount(
      `<zipteams-dashboard token-url="${tokenUrlFor(stack)}" base-url="${stack.mockUrl}"></zipteams-dashboard>`,
    );
    await until(() => element!.dataset.state === 'ready', 'ready');
    const first = frames(element!)[0];
    const shownCounts: number[] = [];
    let sampling = true;
    const sample = () => {
      if (!sampling) return;
      shownCounts.push(shownFrames(element!).length);
      requestAnimationFrame(sample);
    };
    sample();
    element!.setAttribute('agent-id', 'agent-7');
    await until(() => frames(element!).length === 1 && frames(element!)[0] !== first, 'the swap');
    sampling = false;
    expect(new URL(frames(element!)[0]!.src).searchParams.get('agent-id')).toBe('agent-7');
    expect(shownFrames(element!)).toHaveLength(1);
    expect(shownCounts.length).toBeGreaterThan(1);
    expect(shownCounts.filter((count) => count !== 1)).toEqual([]);
  });

  it('should stop and remove its frames when removed from the DOM', async () => {
    const [element] = mount(
      `<zipteams-dashboard token-url="${tokenUrlFor(stack)}" base-url="${stack.mockUrl}"></zipteams-dashboard>`,
    );
    await until(() => element!.dataset.state === 'ready', 'ready');
    element!.remove();
    expect(frames(element!)).toEqual([]);
    // Back in the page, it starts again from the page's token: no new request.
    const before = await partnerRequests(stack);
    document.body.append(element!);
    await until(() => element!.dataset.state === 'ready', 'ready again');
    expect(await partnerRequests(stack)).toBe(before);
  });

  it('should show the default error UI with a typed zipteams-error event for a refused token', async () => {
    const errors: string[] = [];
    const element = document.createElement('zipteams-dashboard');
    element.setAttribute('base-url', stack.mockUrl);
    element.tokenKey = `refused-${Date.now()}`;
    element.fetchToken = async () => new Response('{"message":"Forbidden"}', { status: 403 });
    document.body.append(element);
    element.addEventListener('zipteams-error', (event) => errors.push(event.detail.error.code));
    await until(() => element.dataset.state === 'error', 'error');
    const alert = element.shadowRoot!.querySelector('[role="alert"]') as HTMLElement;
    expect(alert.hidden).toBe(false);
    expect(alert.textContent).toContain('You do not have access');
    expect(alert.querySelector('button')?.textContent).toBe('Retry');
    expect(errors).toContain('http');
  });

  it('should show slotted error content instead of the default', async () => {
    const [element] = mount(
      `<zipteams-call-details token-url="${tokenUrlFor(stack)}" base-url="${stack.mockUrl}">` +
        `<p slot="error">Custom trouble</p></zipteams-call-details>`,
    );
    await until(() => element!.dataset.state === 'error', 'error');
    expect((element as ZipteamsDashboardElement).error?.code).toBe('invalid_argument');
    const slot = element!.shadowRoot!.querySelector('slot[name="error"]') as HTMLSlotElement;
    expect(slot.assignedElements().map((el) => el.textContent)).toEqual(['Custom trouble']);
  });

  it('should report a frame refused by frame-ancestors as a blocked-frame error', async () => {
    const [element] = mount(
      `<zipteams-dashboard token-url="${tokenUrlFor(blockedStack)}" base-url="${blockedStack.mockUrl}" load-timeout="1500"></zipteams-dashboard>`,
    );
    await until(() => element!.dataset.state === 'error', 'error');
    expect((element as ZipteamsDashboardElement).error?.code).toBe('frame_blocked');
    expect(shownFrames(element!)).toEqual([]);
  });

  it('should take a fetchToken property with a tokenKey', async () => {
    let calls = 0;
    const element = document.createElement('zipteams-dashboard');
    element.setAttribute('base-url', stack.mockUrl);
    element.tokenKey = `fn-${Date.now()}`;
    element.fetchToken = (signal) => {
      calls++;
      return fetch(tokenUrlFor(stack), { signal });
    };
    document.body.append(element);
    await until(() => element.dataset.state === 'ready', 'ready');
    expect(calls).toBe(1);
  });

  it('should take properties set before the element was upgraded', async () => {
    const name = `zipteams-late-${Date.now()}`;
    const element = document.createElement(name) as HTMLElement & {
      fetchToken?: unknown;
      tokenKey?: string;
    };
    element.setAttribute('base-url', stack.mockUrl);
    element.tokenKey = `late-${Date.now()}`;
    element.fetchToken = (signal: AbortSignal) => fetch(tokenUrlFor(stack), { signal });
    document.body.append(element);
    customElements.define(name, class extends ZipteamsDashboardElement {});
    await until(() => element.dataset.state === 'ready', 'ready');
    expect(element.getAttribute('token-key')).toMatch(/^late-/);
  });

  it('should open the page with a server-minted initialToken at once, with no token request', async () => {
    const tokenUrl = tokenUrlFor(stack);
    // What a server would have put into the page: the token endpoint's own 200 body.
    const initialToken = (await (await fetch(tokenUrl)).json()) as {
      token: string;
      expiresIn: number;
    };
    const before = await partnerRequests(stack);
    const elements = [0, 1].map(() => {
      const element = document.createElement('zipteams-dashboard');
      element.setAttribute('token-url', tokenUrl);
      element.setAttribute('base-url', stack.mockUrl);
      return element;
    });
    elements[0]!.initialToken = initialToken;
    document.body.append(...elements);
    await until(() => elements.every((el) => el.dataset.state === 'ready'), 'both ready');
    for (const element of elements) {
      expect(new URL(frames(element)[0]!.src).searchParams.get('token')).toBe(initialToken.token);
    }
    expect(await partnerRequests(stack)).toBe(before);
  });

  it('should ignore an expired initialToken and fetch one', async () => {
    const tokenUrl = tokenUrlFor(stack);
    const { token } = (await (await fetch(tokenUrl)).json()) as { token: string };
    const before = await partnerRequests(stack);
    const element = document.createElement('zipteams-dashboard');
    element.setAttribute('token-url', tokenUrl);
    element.setAttribute('base-url', stack.mockUrl);
    element.initialToken = { token, expiresIn: 0 };
    document.body.append(element);
    await until(() => element.dataset.state === 'ready', 'ready');
    // The partner's server caches its token, so the fetched one may be the same JWT: the request
    // is what tells the expired body was not used.
    expect(await partnerRequests(stack)).toBe(before + 1);
    expect(shownFrames(element)).toHaveLength(1);
  });

  it('should define each element once, however often it is asked', () => {
    defineZipteamsElements();
    defineZipteamsElements();
    expect(customElements.get('zipteams-dashboard')).toBe(ZipteamsDashboardElement);
  });
});

describe('<zipteams-dashboard> and the sign-out call', () => {
  /** The tenant the visible frame shows, read from its token's claims. */
  const shownTenant = (element: HTMLElement) => {
    const frame = shownFrames(element)[0];
    const token = frame && new URL(frame.src).searchParams.get('token');
    if (!token) return undefined;
    const payload = token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/');
    return (JSON.parse(atob(payload)) as { tenantId?: string }).tenantId;
  };

  it('should drop its token on clearSharedTokens, and show the new session without a reload', async () => {
    // The partner's server decides the tenant from "the session", switched here as a sign-in would.
    const session = { tenant: `alice-${tenantSeq++}`, requests: 0 };
    const fetchToken = (signal: AbortSignal) => {
      session.requests++;
      return fetch(`${stack.tokenUrl}?tenant=${encodeURIComponent(session.tenant)}`, { signal });
    };
    const tokenKey = `session-${Date.now()}-${tenantSeq++}`;
    const mountSession = () => {
      const element = document.createElement('zipteams-dashboard');
      element.setAttribute('base-url', stack.mockUrl);
      element.tokenKey = tokenKey;
      element.fetchToken = fetchToken;
      document.body.append(element);
      return element;
    };
    const first = mountSession();
    const alice = session.tenant;
    await until(() => shownTenant(first) === alice, "Alice's tenant");
    first.remove();
    await clearSharedTokens();
    session.tenant = `bob-${tenantSeq++}`;
    const second = mountSession();
    await until(() => shownTenant(second) === session.tenant, "Bob's tenant");
    expect(session.requests).toBe(2);
    // A mounted element goes back to loading and fetches in the next session.
    session.tenant = `carol-${tenantSeq++}`;
    await clearSharedTokens();
    expect(second.dataset.state).toBe('loading');
    await until(() => shownTenant(second) === session.tenant, "Carol's tenant");
    expect(session.requests).toBe(3);
  });
});

describe('<zipteams-dashboard> with a relative token-url', () => {
  it('should ask each path its own token: two apps on one origin show their own tenants', async () => {
    const tenantOf = async (element: HTMLElement) => {
      await until(() => Boolean(frames(element)[0]?.src), 'a frame');
      const token = new URL(frames(element)[0]!.src).searchParams.get('token')!;
      const payload = token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/');
      return (JSON.parse(atob(payload)) as { tenantId?: string }).tenantId;
    };
    const base = document.createElement('base');
    document.head.append(base);
    try {
      const tenants: Array<string | undefined> = [];
      for (const app of ['app1', 'app2', 'app1']) {
        base.href = `/__test/${app}/`; // the page is on /app1/, then on /app2/
        const [element] = mount(
          `<zipteams-dashboard token-url="token" base-url="${stack.mockUrl}"></zipteams-dashboard>`,
        );
        tenants.push(await tenantOf(element!));
        element!.remove();
      }
      expect(tenants).toEqual(['tenant-app1', 'tenant-app2', 'tenant-app1']);
    } finally {
      base.remove();
    }
  });
});

describe('<zipteams-dashboard> as frameworks use it (properties)', () => {
  it('should take every source and page setting as a property set after connecting, and reflect it', async () => {
    const before = await partnerRequests(stack);
    const element = document.createElement('zipteams-dashboard');
    document.body.append(element);
    // Vue's :tokenUrl, Svelte's {tokenUrl}, Angular's [tokenUrl]: properties, after connecting.
    element.tokenUrl = tokenUrlFor(stack);
    element.baseUrl = stack.mockUrl;
    element.theme = 'dark';
    element.height = '480';
    element.loadTimeout = 20_000;
    element.shareAcrossTabs = false;
    await until(() => element.dataset.state === 'ready', 'ready');
    expect(element.getAttribute('token-url')).toBe(element.tokenUrl);
    expect(element.getAttribute('base-url')).toBe(stack.mockUrl);
    expect(element.getAttribute('theme')).toBe('dark');
    expect(element.loadTimeout).toBe(20_000);
    expect(element.shareAcrossTabs).toBe(false);
    expect(new URL(frames(element)[0]!.src).searchParams.get('theme')).toBe('dark');
    expect(frames(element)[0]!.getBoundingClientRect().height).toBe(480);
    expect(await partnerRequests(stack)).toBe(before + 1);
    element.theme = undefined;
    expect(element.hasAttribute('theme')).toBe(false);
  });

  it('should report a missing token source as a typed error within a task, never an endless spinner', async () => {
    const errors: string[] = [];
    const element = document.createElement('zipteams-dashboard');
    element.baseUrl = stack.mockUrl;
    element.addEventListener('zipteams-error', (event) => errors.push(event.detail.error.code));
    document.body.append(element);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(element.dataset.state).toBe('error');
    expect(element.error).toMatchObject({ code: 'invalid_argument', argument: 'token-url' });
    expect(errors).toEqual(['invalid_argument']);
    const alert = element.shadowRoot!.querySelector<HTMLElement>('[role="alert"]');
    expect(alert?.checkVisibility()).toBe(true);
    expect(alert?.textContent).toContain('could not be shown');
    // Setting the source later recovers, with no reload.
    element.tokenUrl = tokenUrlFor(stack);
    await until(() => element.dataset.state === 'ready', 'ready');
  });

  it('should wait for a source set right after connecting, in the same task (no error flash)', async () => {
    const errors: string[] = [];
    const element = document.createElement('zipteams-dashboard');
    element.addEventListener('zipteams-error', (event) => errors.push(event.detail.error.code));
    element.baseUrl = stack.mockUrl;
    document.body.append(element);
    element.tokenUrl = tokenUrlFor(stack);
    await until(() => element.dataset.state === 'ready', 'ready');
    expect(errors).toEqual([]);
  });
});

describe('User Timing', () => {
  it('should leave zipteams: measures for the token request and the first visible frame', async () => {
    const [element] = mount(
      `<zipteams-dashboard token-url="${tokenUrlFor(stack)}" base-url="${stack.mockUrl}"></zipteams-dashboard>`,
    );
    await until(() => element!.dataset.state === 'ready', 'ready');
    const names = performance.getEntriesByType('measure').map((entry) => entry.name);
    expect(names).toContain('zipteams:token-request');
    expect(names).toContain('zipteams:first-frame');
    expect(names).toContain('zipteams:first-frame-since-navigation');
  });
});
