import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { zipteamsJwt } from '@zipteams/test-utils';
import { inspectPage } from './inspection.js';
import { createTokenStore } from './token/token-store.js';
import { embedHarness } from './test-utils/embed-harness.js';

const noWake = () => () => {};

describe('inspectPage: the views of core own token sources and embeds', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 1) });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('should word a token source (origin and path only, how it got its token) and act on it', async () => {
    const fetch = vi.fn(
      async () => new Response(zipteamsJwt(Date.now(), 60, { tenantId: 't1', subTenantId: 's1' })),
    );
    const store = createTokenStore({
      key: 'k',
      source: { tokenUrl: 'https://partner.test/api/token?secret=1#x', fetch },
      tabs: null,
      wakeEvents: noWake,
    });
    const off = store.subscribe(() => {});
    await vi.advanceTimersByTimeAsync(0);
    const item = inspectPage().find((found) => found.inspect().kind === 'source')!;
    const token = store.getSnapshot().token!;
    expect(item.inspect()).toEqual({
      kind: 'source',
      source: 'https://partner.test/api/token',
      status: 'ready',
      tenantId: 't1',
      subTenantId: 's1',
      receivedAt: token.receivedAt,
      expiresAt: token.expiresAt,
      refreshAt: store.getSnapshot().refreshAt,
      refreshes: 0,
      via: 'fetched',
      error: undefined,
    });
    expect(inspectPage()).toContain(item); // the same object each time: devtools key rows by it
    item.act();
    await vi.advanceTimersByTimeAsync(0);
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(item.inspect()).toMatchObject({ refreshes: 1 });
    off();
    await vi.advanceTimersByTimeAsync(0);
    expect(inspectPage()).not.toContain(item);
  });

  it('should word an embed (status, tenant, frames, recent failures) and retry it', async () => {
    const t = embedHarness({ readySignal: 'load' });
    await t.flush();
    const item = inspectPage().find((found) => found.inspect().kind === 'embed')!;
    expect(item.inspect()).toEqual({
      kind: 'embed',
      status: 'loading',
      tenantId: 'acme',
      subTenantId: 'sales',
      frames: [{ id: 1, role: 'active', ready: false, timedOut: false }],
      errors: [],
    });
    t.session.frameLoaded(1);
    expect(item.inspect()).toMatchObject({ status: 'ready', frames: [{ id: 1, ready: true }] });
    item.act(); // retry: the page reopens in view
    expect(item.inspect()).toMatchObject({ frames: [{ id: 2, role: 'active', ready: false }] });
    t.off();
    await t.flush();
    expect(inspectPage()).not.toContain(item);
    t.session.dispose();
  });
});
