// @vitest-environment jsdom
import { makeJwt } from '@zipteams/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ZipteamsDashboardElement } from './zipteams-dashboard-element.js';
import './index.js';

const NOW = Date.UTC(2026, 11, 1, 22, 0, 0);
const BASE = 'http://localhost:4999';
let seq = 0;

/** The body `getToken` answers, for acme/sales unless told, with `left` seconds left. */
function body(left = 600, claims: Record<string, unknown> = {}) {
  const iat = Math.floor(Date.now() / 1000) - 60;
  return {
    token: makeJwt({ tenantId: 'acme', subTenantId: 'sales', iat, exp: iat + 86_400, ...claims }),
    expiresIn: left,
    expiresAt: new Date(Date.now() + left * 1000).toISOString(),
  };
}

/** A token source of its own (a fresh key) that counts its requests. */
function source() {
  const counter = { calls: 0, key: `initial-${seq++}` };
  const fetchToken = () => {
    counter.calls++;
    return Promise.resolve({ token: body(600).token, expiresIn: 600 });
  };
  return { counter, fetchToken };
}

function mount(src: ReturnType<typeof source>, initialToken?: unknown): ZipteamsDashboardElement {
  const element = document.createElement('zipteams-dashboard');
  element.setAttribute('base-url', BASE);
  element.tokenKey = src.counter.key;
  element.fetchToken = src.fetchToken;
  if (initialToken !== undefined) element.initialToken = initialToken as never;
  document.body.append(element);
  return element;
}

const frameToken = (element: HTMLElement) => {
  const frame = element.shadowRoot!.querySelector('iframe');
  return frame ? new URL(frame.src).searchParams.get('token') : null;
};

describe('<zipteams-dashboard> with an initialToken', () => {
  let warn: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    vi.useFakeTimers({ now: NOW, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  });
  afterEach(() => {
    document.body.replaceChildren();
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('should open the page with it at once, share it by source, and make no request', async () => {
    const src = source();
    const initial = body(600);
    const first = mount(src, initial);
    expect(frameToken(first)).toBe(initial.token);
    const second = mount(src);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(frameToken(second)).toBe(initial.token);
    expect(src.counter.calls).toBe(0);
    expect(warn).not.toHaveBeenCalled();
  });

  it('should refresh from the token source before the initial token runs out', async () => {
    const src = source();
    const element = mount(src, body(600));
    await vi.advanceTimersByTimeAsync(500_000);
    expect(src.counter.calls).toBe(0);
    await vi.advanceTimersByTimeAsync(100_000);
    expect(src.counter.calls).toBe(1);
    expect(element.status).not.toBe('expired');
  });

  it('should take it when set before the element was upgraded', async () => {
    const src = source();
    const initial = body(600);
    const name = `zipteams-initial-late-${seq++}`;
    const element = document.createElement(name) as HTMLElement & { initialToken?: unknown };
    element.initialToken = initial;
    Object.assign(element, { tokenKey: src.counter.key, fetchToken: src.fetchToken });
    element.setAttribute('base-url', BASE);
    document.body.append(element);
    const { ZipteamsDashboardElement } = await import('./zipteams-dashboard-element.js');
    customElements.define(name, class extends ZipteamsDashboardElement {});
    await vi.advanceTimersByTimeAsync(1_000);
    expect(frameToken(element)).toBe(initial.token);
    expect(src.counter.calls).toBe(0);
  });

  it.each([
    ['already expired', body(0), 'expired'],
    ['malformed', { token: 'not-a-jwt', expiresIn: 600 }, 'malformed'],
    ['without expiresIn', { token: body().token }, 'malformed'],
  ])('should ignore one that is %s, warn, and fetch', async (_name, initial, reason) => {
    const src = source();
    const element = mount(src, initial);
    await vi.advanceTimersByTimeAsync(0);
    expect(src.counter.calls).toBe(1);
    expect(frameToken(element)).not.toBe(initial.token);
    expect(frameToken(element)).toBeTruthy();
    expect(warn).toHaveBeenCalledTimes(1);
    const message = String(warn.mock.calls[0]![0]);
    expect(message).toContain(`Ignored initialToken (${reason})`);
    expect(message).not.toContain(initial.token);
  });

  it("should take one for another tenant over the source's held token (the server's answer wins)", async () => {
    const src = source();
    const first = mount(src);
    await vi.advanceTimersByTimeAsync(0);
    const held = frameToken(first);
    const initial = body(600, { tenantId: 'globex' });
    const second = mount(src, initial);
    await vi.advanceTimersByTimeAsync(0);
    expect(frameToken(second)).toBe(initial.token);
    expect(frameToken(first)).toBe(initial.token);
    expect(frameToken(first)).not.toBe(held);
    expect(src.counter.calls).toBe(1);
    expect(warn).not.toHaveBeenCalled();
  });

  it('should keep a newer token of the same tenant that the source holds', async () => {
    const src = source();
    const first = mount(src);
    await vi.advanceTimersByTimeAsync(0);
    const held = frameToken(first);
    const second = mount(src, body(600));
    await vi.advanceTimersByTimeAsync(0);
    expect(frameToken(second)).toBe(held);
    expect(warn).not.toHaveBeenCalled();
  });
});
