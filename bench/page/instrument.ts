// Runs before any page script (Playwright `addInitScript`, compiled to an IIFE by esbuild):
// wraps timers, window/document listeners and fetch to count live ones, and watches dashboard
// iframes (src set, load, visibility) for the rendering figures. Main frame only.
import type { Delay, GapStats, LiveOrigin, LiveResources, Probe, TaskMarker } from './api.ts';

(() => {
  if (window !== window.top) return;

  const TOKEN_PATH = '/api/zipteams/token';
  const FRAME_SELECTOR = 'iframe[data-zipteams-frame]';
  const orig = {
    setTimeout: window.setTimeout.bind(window),
    clearTimeout: window.clearTimeout.bind(window),
    setInterval: window.setInterval.bind(window),
    clearInterval: window.clearInterval.bind(window),
    addEventListener: EventTarget.prototype.addEventListener,
    removeEventListener: EventTarget.prototype.removeEventListener,
    fetch: window.fetch.bind(window),
    requestAnimationFrame: window.requestAnimationFrame.bind(window),
  };

  /** A few stack frames (`function@file`) of the code that created a resource. */
  function origin(): string {
    const frames = (new Error().stack ?? '').split('\n').slice(3);
    const names: string[] = [];
    for (const frame of frames) {
      const match =
        /at (?:async )?(?:(\S+) \()?.*?([\w.@-]+\.[cm]?[jt]sx?)(?:\?[^:)]*)?:\d+:\d+\)?$/.exec(
          frame.trim(),
        );
      if (!match) continue;
      const name = match[1] ? `${match[1]}@${match[2]}` : match[2]!;
      if (names.at(-1) !== name) names.push(name);
      if (names.length === 3) break;
    }
    return names.join(' < ') || 'unknown';
  }

  // ---- timers ------------------------------------------------------------------------
  const timers = new Map<number, string>();
  const intervals = new Map<number, string>();
  window.setTimeout = ((handler: TimerHandler, timeout?: number, ...args: unknown[]) => {
    if (typeof handler !== 'function') return orig.setTimeout(handler, timeout, ...args);
    const id = orig.setTimeout(
      (...callArgs: unknown[]) => {
        timers.delete(id);
        (handler as (...a: unknown[]) => void)(...callArgs);
      },
      timeout,
      ...args,
    );
    timers.set(id, origin());
    return id;
  }) as typeof window.setTimeout;
  // clearTimeout and clearInterval share one pool of ids, and either clears either.
  const forgetTimer = (id: number | undefined) => {
    if (id !== undefined && !timers.delete(id)) intervals.delete(id);
  };
  window.clearTimeout = ((id?: number) => {
    forgetTimer(id);
    orig.clearTimeout(id);
  }) as typeof window.clearTimeout;
  window.setInterval = ((handler: TimerHandler, timeout?: number, ...args: unknown[]) => {
    const id = orig.setInterval(handler, timeout, ...args);
    intervals.set(id, origin());
    return id;
  }) as typeof window.setInterval;
  window.clearInterval = ((id?: number) => {
    forgetTimer(id);
    orig.clearInterval(id);
  }) as typeof window.clearInterval;

  // ---- listeners on window and document ------------------------------------------------
  const listeners = new Map<string, string>();
  const ids = new WeakMap<object, number>();
  let nextId = 1;
  const idOf = (value: object) => {
    let id = ids.get(value);
    if (id === undefined) ids.set(value, (id = nextId++));
    return id;
  };
  const tracked = (target: EventTarget) => target === window || target === document;
  const keyOf = (
    target: EventTarget,
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | EventListenerOptions,
  ) => {
    const capture = typeof options === 'boolean' ? options : Boolean(options?.capture);
    return `${target === window ? 'window' : 'document'}:${type}:${capture}:${idOf(listener)}`;
  };
  EventTarget.prototype.addEventListener = function (
    this: EventTarget,
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ) {
    if (listener && tracked(this)) {
      const key = keyOf(this, type, listener, options);
      if (!listeners.has(key)) {
        listeners.set(key, `${type} ${origin()}`);
        const forget = () => listeners.delete(key);
        if (typeof options === 'object' && options.once) {
          orig.addEventListener.call(this, type, forget, { once: true, capture: options.capture });
        }
        if (typeof options === 'object' && options.signal) {
          orig.addEventListener.call(options.signal, 'abort', forget, { once: true });
        }
      }
    }
    orig.addEventListener.call(this, type, listener, options);
  };
  EventTarget.prototype.removeEventListener = function (
    this: EventTarget,
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | EventListenerOptions,
  ) {
    if (listener && tracked(this)) listeners.delete(keyOf(this, type, listener, options));
    orig.removeEventListener.call(this, type, listener, options);
  };

  // ---- task boundaries ---------------------------------------------------------------
  /** `turned` flips in the next timer or message task: whichever the page's own code would use. */
  function taskMarker(): TaskMarker {
    const marker: TaskMarker = { at: performance.now(), turned: false };
    const turn = () => {
      marker.turned = true;
    };
    orig.setTimeout(turn, 0);
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      turn();
      channel.port1.close();
    };
    channel.port2.postMessage(0);
    return marker;
  }
  const timeline: { at: number; what: string }[] = [];
  // Capped, so the leak cycles do not grow the heap through it.
  const log = (what: string) => {
    if (!probe.quiet && timeline.length < 500) timeline.push({ at: performance.now(), what });
  };
  const delaySince = (marker: TaskMarker): Delay => ({
    ms: performance.now() - marker.at,
    sameTask: !marker.turned,
  });

  // ---- fetch -------------------------------------------------------------------------
  let pendingFetches = 0;
  const pendingOrigins = new Map<number, string>();
  let nextFetch = 1;
  let lastResponse: TaskMarker | undefined;
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const isToken = url.includes(TOKEN_PATH);
    if (isToken) {
      probe.tokenFetchStarts.push(performance.now());
      log('token fetch');
      const { mountMarker, renderMarker, commitMarker } = probe;
      if (!probe.firstRequest && mountMarker && renderMarker && commitMarker) {
        probe.firstRequest = {
          fromRootRender: delaySince(mountMarker),
          fromFirstRender: delaySince(renderMarker),
          fromFirstCommit: delaySince(commitMarker),
        };
      }
    }
    const fetchId = nextFetch++;
    pendingFetches++;
    pendingOrigins.set(fetchId, origin());
    const done = () => {
      pendingFetches--;
      pendingOrigins.delete(fetchId);
    };
    return orig.fetch(input, init).then(
      (response) => {
        done();
        if (isToken) {
          const text = response.text.bind(response);
          response.text = () =>
            text().then((body) => {
              lastResponse = taskMarker();
              log('token body');
              return body;
            });
        }
        return response;
      },
      (error: unknown) => {
        done();
        throw error;
      },
    );
  };

  // ---- dashboard iframes -------------------------------------------------------------
  const loaded = new WeakSet<HTMLIFrameElement>();
  const gaps = { watching: false, since: undefined as number | undefined, longest: 0, count: 0 };
  const isFrame = (node: Node): node is HTMLIFrameElement =>
    node instanceof HTMLIFrameElement && node.hasAttribute('data-zipteams-frame');

  function checkVisible() {
    if (!gaps.watching) return;
    const now = performance.now();
    let visible = false;
    for (const frame of document.querySelectorAll<HTMLIFrameElement>(FRAME_SELECTOR)) {
      if (loaded.has(frame) && getComputedStyle(frame).visibility !== 'hidden') visible = true;
    }
    if (!visible && gaps.since === undefined) {
      gaps.since = now;
      gaps.count++;
      log('no loaded frame visible');
    } else if (visible && gaps.since !== undefined) {
      gaps.longest = Math.max(gaps.longest, now - gaps.since);
      gaps.since = undefined;
      log('a loaded frame is visible again');
    }
  }

  // When a frame's navigation starts: its insertion (or a later `src` change), timed before the
  // DOM call, since the observer below runs only after the whole task (effects included).
  const navigationAt = new WeakMap<HTMLIFrameElement, number>();
  const isIframe = (node: Node): node is HTMLIFrameElement => node instanceof HTMLIFrameElement;
  const framesIn = (node: Node): HTMLIFrameElement[] =>
    isIframe(node)
      ? [node]
      : node instanceof Element
        ? [...node.querySelectorAll('iframe')]
        : node instanceof DocumentFragment
          ? [...node.querySelectorAll('iframe')]
          : [];
  const { appendChild, insertBefore } = Node.prototype;
  const { setAttribute } = Element.prototype;
  Node.prototype.appendChild = function <T extends Node>(this: Node, node: T): T {
    const at = performance.now();
    const frames = framesIn(node);
    const result = appendChild.call(this, node) as T;
    if (this.isConnected) for (const frame of frames) navigationAt.set(frame, at);
    return result;
  };
  Node.prototype.insertBefore = function <T extends Node>(
    this: Node,
    node: T,
    child: Node | null,
  ): T {
    const at = performance.now();
    const frames = framesIn(node);
    const result = insertBefore.call(this, node, child) as T;
    if (this.isConnected) for (const frame of frames) navigationAt.set(frame, at);
    return result;
  };
  Element.prototype.setAttribute = function (this: Element, name: string, value: string) {
    if (isIframe(this) && name === 'src' && this.isConnected) {
      navigationAt.set(this, performance.now());
    }
    setAttribute.call(this, name, value);
  };

  function srcSet(frame: HTMLIFrameElement) {
    const src = frame.getAttribute('src');
    if (!src) return;
    probe.counters.srcSets++;
    log('src set');
    const token = new URL(src, location.href).searchParams.get('token');
    if (token) probe.counters.tokens.add(token);
    if (lastResponse) {
      const at = navigationAt.get(frame) ?? performance.now();
      probe.responseToSrc.push({ ms: at - lastResponse.at, sameTask: !lastResponse.turned });
      lastResponse = undefined;
    }
  }

  new MutationObserver((records) => {
    for (const record of records) {
      if (record.attributeName === 'src' && isFrame(record.target as Node)) {
        srcSet(record.target as HTMLIFrameElement);
      }
      for (const node of record.addedNodes) {
        if (isFrame(node)) srcSet(node);
        else if (node instanceof Element) {
          node.querySelectorAll<HTMLIFrameElement>(FRAME_SELECTOR).forEach(srcSet);
        }
      }
    }
    checkVisible();
  }).observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['src', 'style'],
  });

  orig.addEventListener.call(
    document,
    'load',
    (event: Event) => {
      if (!isFrame(event.target as Node)) return;
      loaded.add(event.target as HTMLIFrameElement);
      probe.counters.iframeLoads++;
      log('iframe load');
      checkVisible();
    },
    true,
  );

  orig.addEventListener.call(window, 'message', (event: Event) => {
    const data = (event as MessageEvent).data as { type?: unknown } | null;
    if (data && typeof data === 'object' && data.type === 'zipteams:ready') log('ready message');
  });

  function sample() {
    if (!gaps.watching) return;
    checkVisible();
    orig.requestAnimationFrame(sample);
  }

  function live(): LiveResources {
    const all: [LiveOrigin['kind'], string][] = [
      ...[...timers.values()].map((where) => ['timer', where] as [LiveOrigin['kind'], string]),
      ...[...intervals.values()].map(
        (where) => ['interval', where] as [LiveOrigin['kind'], string],
      ),
      ...[...listeners.values()].map(
        (where) => ['listener', where] as [LiveOrigin['kind'], string],
      ),
      ...[...pendingOrigins.values()].map(
        (where) => ['fetch', where] as [LiveOrigin['kind'], string],
      ),
    ];
    const counts = new Map<string, LiveOrigin>();
    for (const [kind, where] of all) {
      const key = `${kind} ${where}`;
      counts.set(key, { kind, where, count: (counts.get(key)?.count ?? 0) + 1 });
    }
    return {
      timers: timers.size,
      intervals: intervals.size,
      listeners: listeners.size,
      pendingFetches,
      origins: [...counts.values()].sort((a, b) => b.count - a.count),
    };
  }

  const probe: Probe = {
    setTimeout: orig.setTimeout as typeof setTimeout,
    tokenPath: TOKEN_PATH,
    taskMarker,
    live,
    tokenFetchStarts: [],
    timeline,
    log,
    quiet: false,
    mountMarker: undefined,
    renderMarker: undefined,
    commitMarker: undefined,
    firstRequest: undefined,
    responseToSrc: [],
    counters: { iframeLoads: 0, srcSets: 0, tokens: new Set() },
    watchGaps() {
      gaps.watching = true;
      sample();
    },
    gapStats(): GapStats {
      checkVisible();
      const open = gaps.since === undefined ? 0 : performance.now() - gaps.since;
      return { longestMs: Math.max(gaps.longest, open), gaps: gaps.count };
    },
  };
  window.__benchProbe = probe;
})();
