import { QueryClient } from '@tanstack/react-query';
import {
  ZipteamsDashboard,
  ZipteamsProvider,
  type EmbedProps,
  type InitialTokenBody,
} from '@zipteams/react';
import { act } from 'react';
import { hydrateRoot, type Root } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { commands } from 'vitest/browser';

type Stack = Awaited<ReturnType<typeof commands.startStack>>;

let stack: Stack;
let roots: Root[] = [];
let tenantSeq = 0;

beforeAll(async () => {
  // 24 h tokens: this test page is older than a short token would live, and the embed counts the
  // page's whole age against an initial token. Refreshes after hydration: examples/next's e2e.
  stack = await commands.startStack();
});
afterAll(() => commands.stopStack(stack.id));
afterEach(() => {
  for (const root of roots) root.unmount();
  roots = [];
  document.body.replaceChildren();
  vi.restoreAllMocks();
});

const tokenUrlFor = (tenant: string) => `${stack.tokenUrl}?tenant=${encodeURIComponent(tenant)}`;
const partnerRequests = async () =>
  ((await (await fetch(stack.partnerStatsUrl)).json()) as { requests: number }).requests;

/** What a server's `getToken` would put into the page: the token endpoint's 200 body. */
async function mintInitialToken(tenant: string): Promise<InitialTokenBody> {
  return (await (await fetch(tokenUrlFor(tenant))).json()) as InitialTokenBody;
}

function App({
  tenant,
  nonce,
  ...rest
}: { tenant: string; initialToken: InitialTokenBody; nonce?: string } & Pick<
  EmbedProps,
  'onStatusChange' | 'onLoad'
>) {
  return (
    <ZipteamsProvider queryClient={new QueryClient()} baseUrl={stack.mockUrl} nonce={nonce}>
      <ZipteamsDashboard tokenUrl={tokenUrlFor(tenant)} data-testid="embed" {...rest} />
    </ZipteamsProvider>
  );
}

/** Hydrates synchronously (act), then lets later updates come as they do in a page. */
function hydrate(
  container: HTMLElement,
  element: React.ReactElement,
  onRecoverableError = vi.fn(),
) {
  const global = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean };
  global.IS_REACT_ACT_ENVIRONMENT = true;
  act(() => {
    roots.push(hydrateRoot(container, element, { onRecoverableError }));
  });
  global.IS_REACT_ACT_ENVIRONMENT = false;
  return onRecoverableError;
}

/** Server-renders `element` into a fresh container, as the HTML a browser would parse. */
function serverRender(element: React.ReactElement): HTMLElement {
  const container = document.createElement('div');
  container.innerHTML = renderToString(element);
  document.body.append(container);
  return container;
}

/** Records every iframe added or removed and every `src` set inside `container`. */
function watchFrames(container: HTMLElement) {
  const changes: string[] = [];
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === 'attributes' && record.target instanceof HTMLIFrameElement) {
        changes.push(`src set on an iframe`);
      }
      for (const node of [...record.addedNodes, ...record.removedNodes]) {
        if (node instanceof HTMLIFrameElement) changes.push('iframe added or removed');
      }
    }
  });
  observer.observe(container, { subtree: true, childList: true, attributeFilter: ['src'] });
  return {
    changes,
    stop: () => {
      changes.push(...observer.takeRecords().map(() => 'late change'));
      observer.disconnect();
    },
  };
}

const tokenOf = (frame: HTMLIFrameElement | null) =>
  new URL(frame?.src ?? 'about:blank').searchParams.get('token');

describe('hydrating an embed rendered on the server with an initialToken', () => {
  it('should keep the server frame, ready at once even though its load and ready message came before hydration, with no token request', async () => {
    const tenant = `hydrate-${Date.now()}-${tenantSeq++}`;
    const initialToken = await mintInitialToken(tenant);
    const requestsBefore = await partnerRequests();
    const statuses: string[] = [];
    const onLoad = vi.fn();
    const element = (
      <App
        tenant={tenant}
        initialToken={initialToken}
        onStatusChange={(status) => void statuses.push(status)}
        onLoad={onLoad}
        nonce="r4nd0m"
      />
    );
    const container = serverRender(element);
    // What a browser does on a page whose policy came in a header: it hides the parsed nonce
    // (the attribute reads "", the property keeps it), which React 18 compared and warned about.
    for (const style of container.querySelectorAll('style')) {
      expect(style.nonce).toBe('r4nd0m');
      style.setAttribute('nonce', '');
      style.nonce = 'r4nd0m';
    }
    const serverFrame = container.querySelector('iframe')!;
    expect(tokenOf(serverFrame)).toBe(initialToken.token);
    // The race: the page loads and announces itself before React has attached any listener.
    await new Promise<void>((resolve) => {
      let loaded = false;
      let announced = false;
      const check = () => loaded && announced && resolve();
      serverFrame.addEventListener('load', () => ((loaded = true), check()), { once: true });
      window.addEventListener('message', function onMessage(event) {
        if ((event.data as { type?: string } | null)?.type !== 'zipteams:ready') return;
        window.removeEventListener('message', onMessage);
        announced = true;
        check();
      });
    });

    const frames = watchFrames(container);
    const consoleError = vi.spyOn(console, 'error');
    const recoverable = hydrate(container, element);
    await expect.poll(() => onLoad.mock.calls.length).toBe(1);

    // Shown from the first status on: nothing waited for the signals it had missed.
    expect(statuses).toEqual(['ready']);
    const embed = container.querySelector<HTMLElement>('[data-testid="embed"]')!;
    expect(embed.dataset.state).toBe('ready');
    const iframes = container.querySelectorAll('iframe');
    expect(iframes).toHaveLength(1);
    expect(iframes[0]).toBe(serverFrame);
    expect(getComputedStyle(serverFrame).visibility).toBe('visible');
    expect(await partnerRequests()).toBe(requestsBefore);
    expect(recoverable).not.toHaveBeenCalled();
    expect(consoleError).not.toHaveBeenCalled();
    frames.stop();
    expect(frames.changes).toEqual([]);
  });

  it('should drop a server frame whose token this browser counts as used up, and fetch', async () => {
    const tenant = `hydrate-late-${Date.now()}-${tenantSeq++}`;
    // The server saw 1 s left; more than that has passed since this page was requested.
    const initialToken = { ...(await mintInitialToken(tenant)), expiresIn: 1 };
    await expect.poll(() => performance.now(), { timeout: 5_000 }).toBeGreaterThan(1_500);
    const requestsBefore = await partnerRequests();
    const element = <App tenant={tenant} initialToken={initialToken} />;
    const container = serverRender(element);
    expect(tokenOf(container.querySelector('iframe'))).toBe(initialToken.token);

    const recoverable = hydrate(container, element);
    // Never an expired token on screen: the server's frame goes at once.
    expect(container.querySelectorAll('iframe')).toHaveLength(0);
    await expect
      .poll(() => container.querySelector<HTMLElement>('[data-testid="embed"]')?.dataset.state, {
        timeout: 10_000,
      })
      .toBe('ready');
    // Fetched from the token URL (the partner's cache may well answer with the same token, now
    // with its honest lifetime).
    expect(await partnerRequests()).toBe(requestsBefore + 1);
    expect(recoverable).not.toHaveBeenCalled();
  });
});
