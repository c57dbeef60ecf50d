// Types shared by the bench page (runs in Chromium) and its Node driver (bench/browser.ts).

/** Becomes `turned` once the task that created it has ended (next timer or message task). */
export interface TaskMarker {
  readonly at: number;
  turned: boolean;
}

/** A gap between two events: milliseconds, and whether both happened in the same task. */
export interface Delay {
  readonly ms: number;
  readonly sameTask: boolean;
}

export interface LiveOrigin {
  readonly kind: 'timer' | 'interval' | 'listener' | 'fetch';
  readonly where: string;
  readonly count: number;
}

/** Live resources at one moment, as the instrumentation saw them created and released. */
export interface LiveResources {
  readonly timers: number;
  readonly intervals: number;
  /** Listeners on `window` and `document`, the targets that outlive every component. */
  readonly listeners: number;
  readonly pendingFetches: number;
  /** Where the live ones were created (a few stack frames, innermost first), most frequent first. */
  readonly origins: readonly LiveOrigin[];
}

export interface FirstRequest {
  readonly fromRootRender: Delay;
  readonly fromFirstRender: Delay;
  readonly fromFirstCommit: Delay;
}

export interface PageCounters {
  /** `fetch` calls to the token URL. */
  readonly tokenFetches: number;
  /** React Profiler commits of the dashboard subtrees. */
  readonly commits: number;
  /** `load` events of dashboard iframes. */
  readonly iframeLoads: number;
  /** Times a dashboard iframe was inserted or had its `src` changed (navigations started). */
  readonly srcSets: number;
  /** Distinct tokens seen in iframe `src` values. */
  readonly distinctTokens: number;
}

export interface GapStats {
  /** Longest time with no loaded (`load` fired) dashboard iframe visible, in ms. */
  readonly longestMs: number;
  readonly gaps: number;
}

export interface MountOptions {
  readonly count: number;
  readonly strict: boolean;
  readonly tokenUrl: string;
  readonly baseUrl: string;
  /** Passed to every dashboard; default: the kit's default margin. */
  readonly refreshMargin?: { readonly ratio?: number; readonly minMs?: number };
}

/** What the harness exposes as `window.__bench` to the driver. */
export interface BenchApi {
  mount(options: MountOptions): void;
  unmount(): void;
  /** Dashboards whose `data-state` is `ready`. */
  readyCount(): number;
  counters(): PageCounters;
  /** `performance.now()` of each token fetch call. */
  tokenFetchTimes(): readonly number[];
  /** From `root.render()`, the dashboards' first render and their first commit to the first token fetch. */
  mountToRequest(): FirstRequest | undefined;
  /** Token response body in hand → next iframe `src` set, for each token that changed `src`. */
  responseToSrc(): readonly Delay[];
  /** Re-renders the dashboards' parent `times` times, one synchronous commit each. */
  rerenderParent(times: number): void;
  watchGaps(): void;
  gapStats(): GapStats;
  live(): LiveResources;
  timeline(): readonly { at: number; what: string }[];
  /** `times` mount/unmount cycles of one dashboard, one task apart. */
  cycles(times: number, options: MountOptions): Promise<void>;
}

/** State kept by the instrumentation script (bench/page/instrument.ts). */
export interface Probe {
  readonly setTimeout: typeof setTimeout;
  readonly tokenPath: string;
  taskMarker(): TaskMarker;
  live(): LiveResources;
  /** What happened when (token fetches and bodies, src sets, loads, commits), for diagnosis. */
  readonly timeline: { at: number; what: string }[];
  log(what: string): void;
  /** While true, `log` records nothing (the leak cycles must not grow the heap through it). */
  quiet: boolean;
  /** Token fetch calls, in order. */
  readonly tokenFetchStarts: number[];
  /** Set by the harness: `root.render()` called, dashboards first rendered, first committed. */
  mountMarker: TaskMarker | undefined;
  renderMarker: TaskMarker | undefined;
  commitMarker: TaskMarker | undefined;
  firstRequest: FirstRequest | undefined;
  readonly responseToSrc: Delay[];
  readonly counters: { iframeLoads: number; srcSets: number; readonly tokens: Set<string> };
  watchGaps(): void;
  gapStats(): GapStats;
}

declare global {
  interface Window {
    __bench: BenchApi;
    __benchProbe: Probe;
  }
}
