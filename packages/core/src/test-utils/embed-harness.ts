import { zipteamsJwt } from '@zipteams/test-utils';
import { createEmbedSession } from '../embed/embed-session.js';
import type { EmbedSessionOptions } from '../embed/embed-session-types.js';
import type { CspViolation, CspViolationSource } from '../errors/csp-violations.js';
import type { TabEnvironment } from '../tabs/tab-environment.js';
import { fakeTime } from './fake-time.js';

// One rig for the tests of `createEmbedSession`: a session on fake time, in a fake page, with a
// token source that answers at once, rendered as an adapter renders it.

export const SECOND = 1_000;
/** Token lifetime in seconds: refreshed at 45 s (a quarter of the life at most). */
export const TTL_S = 60;
/** Origin of the Zipteams pages in these tests. */
export const BASE = 'https://pages.test';
let keys = 0;

/** A token source key no other test uses (sources with one key share one token on the page). */
export const uniqueKey = (name = 'session') => `${name}-${keys++}`;

/** A token source that counts requests and answers at once; `fail` scripts failures. */
export function countingSource(tenantId = 'acme') {
  const state = { calls: 0, tenantId, fail: [] as unknown[] };
  return {
    state,
    tokenKey: uniqueKey(),
    fetchToken: (now: () => number) => () => {
      state.calls++;
      const failure = state.fail.shift();
      if (failure) return Promise.reject(failure);
      return Promise.resolve(zipteamsJwt(now(), TTL_S, { tenantId: state.tenantId }));
    },
  };
}

/** A page: its window and document as plain event targets, and frames the test "renders". */
export function fakePage(origin = 'https://partner.test') {
  const dom = { window: new EventTarget(), document: new EventTarget(), origin };
  const root = { activeElement: undefined as unknown };
  const frames = new Map<number, { contentWindow: object; getRootNode: () => typeof root }>();
  return { dom, root, frames };
}

/** The page's Content-Security-Policy violations, told by the test (`violate`). */
export function fakeViolations() {
  const listeners = new Set<(violation: CspViolation) => void>();
  const source: CspViolationSource = (listener) => {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  };
  const violate = (violation: Partial<CspViolation> = {}) => {
    for (const listener of [...listeners]) {
      listener({ directive: 'frame-src', refusedBy: 'frame-src', origin: BASE, ...violation });
    }
  };
  return { source, violate, listeners };
}

export interface HarnessEnvironment {
  tabs?: TabEnvironment | null;
  hydrating?: boolean;
  origin?: string;
  violations?: CspViolationSource;
}

/**
 * A running session (subscribed once, as an adapter would) with its fake time, page and source.
 * `ready(id)` is the page in frame `id` loading and posting its ready message; `probes` lists the
 * reachability checks, answered by `reachable`.
 */
export function embedHarness(
  options: Partial<EmbedSessionOptions> = {},
  env: HarnessEnvironment = {},
) {
  const time = fakeTime();
  const src = countingSource();
  const { dom, root, frames } = fakePage(env.origin);
  const probe = { reachable: true, probes: [] as string[] };
  const calls = {
    status: [] as string[],
    errors: [] as string[],
    loads: 0,
    tokens: 0,
  };
  const given: EmbedSessionOptions = {
    baseUrl: BASE,
    tokenKey: src.tokenKey,
    fetchToken: src.fetchToken(time.now),
    page: (token, baseUrl) => `${baseUrl}/view-insights?token=${token}`,
    retry: { random: () => 0 },
    onStatusChange: (status) => void calls.status.push(status),
    onError: (error) => void calls.errors.push(error.code),
    onLoad: () => void calls.loads++,
    onTokenRefresh: () => void calls.tokens++,
    ...options,
  };
  const session = createEmbedSession(given, {
    clock: time.clock,
    timers: time.timers,
    wakeEvents: time.wakeEvents,
    tabs: env.tabs ?? null,
    probe: async (origin) => {
      probe.probes.push(origin);
      return probe.reachable;
    },
    dom,
    hydrating: env.hydrating,
    // A browser page always has its violations; none happen unless a test says so.
    violations: env.violations ?? fakeViolations().source,
  });
  // What an adapter does: render the frames it is given, attach them, report their events.
  const render = () => {
    const { active, pending } = session.getSnapshot();
    for (const frame of [active, pending]) {
      if (!frame || frames.has(frame.id)) continue;
      const element = { contentWindow: {}, getRootNode: () => root };
      frames.set(frame.id, element);
      session.attachFrame(frame.id, element);
    }
  };
  const off = session.subscribe(render);
  render();
  const flush = async () => {
    for (let i = 0; i < 20; i++) await Promise.resolve();
  };
  /** The page in frame `id` finished loading and posted its ready message. */
  const ready = (id: number, origin = BASE) => {
    session.frameLoaded(id);
    announce(id, origin);
  };
  /** The page in frame `id` posted its ready message (from `origin`). */
  const announce = (id: number, origin = BASE) => {
    const event = Object.assign(new Event('message'), {
      data: { type: 'zipteams:ready' },
      origin,
      source: frames.get(id)?.contentWindow,
    });
    dom.window.dispatchEvent(event);
  };
  /** Moves focus into frame `id` (or out of every frame). */
  const focus = (id: number | undefined) => {
    root.activeElement = id === undefined ? undefined : frames.get(id);
    dom.document.dispatchEvent(new Event(id === undefined ? 'focusout' : 'focusin'));
  };
  const snap = () => session.getSnapshot();
  const tokenIn = (frame: { src: string } | undefined) =>
    frame && new URL(frame.src).searchParams.get('token');
  return {
    time,
    src,
    dom,
    root,
    frames,
    session,
    calls,
    probe,
    off,
    flush,
    ready,
    announce,
    focus,
    snap,
    tokenIn,
    render,
    /** The options the session was created with. */
    options: () => given,
  };
}
