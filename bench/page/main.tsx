// The bench page: mounts dashboards as a partner would and exposes `window.__bench` to the
// driver. Served by Vite in development mode (StrictMode's double effects exist only there).
import { ZipteamsDashboard } from '@zipteams/react';
import { Profiler, StrictMode, useEffect, useState, type ProfilerOnRenderCallback } from 'react';
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import type { BenchApi, MountOptions } from './api.ts';

const probe = window.__benchProbe;
const container = document.getElementById('root')!;
let root: Root | undefined;
let commits = 0;
let setTick: ((tick: number) => void) | undefined;

const onRender: ProfilerOnRenderCallback = (id, phase, actualDuration) => {
  commits++;
  probe.log(`commit ${id} ${phase} (rendered in ${actualDuration.toFixed(1)} ms)`);
  probe.commitMarker ??= probe.taskMarker();
};

/** Rendered right before the dashboards, in the same render pass: marks their first render. */
function RenderMark() {
  probe.renderMarker ??= probe.taskMarker();
  return null;
}

function Dashboards({ options }: { options: MountOptions }) {
  const [tick, setOwnTick] = useState(0);
  useEffect(() => {
    setTick = setOwnTick;
    return () => {
      setTick = undefined;
    };
  }, []);
  return (
    <div data-tick={tick}>
      <RenderMark />
      {Array.from({ length: options.count }, (_, index) => (
        <Profiler key={index} id={`dashboard-${index}`} onRender={onRender}>
          {/* Inline callbacks on purpose: partners write them, and they must not reload frames. */}
          <ZipteamsDashboard
            tokenUrl={options.tokenUrl}
            baseUrl={options.baseUrl}
            height={120}
            {...(options.refreshMargin ? { refreshMargin: options.refreshMargin } : {})}
            onStatusChange={(status) => void status}
            onError={(error) => void error}
          />
        </Profiler>
      ))}
    </div>
  );
}

function tree(options: MountOptions) {
  const dashboards = <Dashboards options={options} />;
  return options.strict ? <StrictMode>{dashboards}</StrictMode> : dashboards;
}

const nextTask = () => new Promise<void>((resolve) => probe.setTimeout(resolve, 0));

const api: BenchApi = {
  mount(options) {
    root ??= createRoot(container);
    probe.mountMarker = probe.taskMarker();
    probe.log('root.render');
    root.render(tree(options));
  },
  unmount() {
    root?.unmount();
    root = undefined;
  },
  readyCount: () => document.querySelectorAll('[data-state="ready"]').length,
  counters: () => ({
    tokenFetches: probe.tokenFetchStarts.length,
    commits,
    iframeLoads: probe.counters.iframeLoads,
    srcSets: probe.counters.srcSets,
    distinctTokens: probe.counters.tokens.size,
  }),
  tokenFetchTimes: () => probe.tokenFetchStarts,
  mountToRequest: () => probe.firstRequest,
  timeline: () => probe.timeline,
  responseToSrc: () => probe.responseToSrc,
  rerenderParent(times) {
    for (let tick = 1; tick <= times; tick++) flushSync(() => setTick?.(tick));
  },
  watchGaps: () => probe.watchGaps(),
  gapStats: () => probe.gapStats(),
  live: () => probe.live(),
  async cycles(times, options) {
    root ??= createRoot(container);
    probe.quiet = true;
    for (let cycle = 0; cycle < times; cycle++) {
      flushSync(() => root!.render(tree(options)));
      await nextTask();
      flushSync(() => root!.render(null));
      await nextTask();
    }
    probe.quiet = false;
  },
};
window.__bench = api;
