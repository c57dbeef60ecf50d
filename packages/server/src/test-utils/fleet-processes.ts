// Starts fleet instances (fleet-instance.ts, beside this file) as separate Node processes: the
// source is bundled once per process with esbuild (Node 20 cannot run .ts) into
// node_modules/.cache, so `redis` resolves from the workspace; the server's own sources (relative
// imports) and core (from its sources) are bundled in, so no build is needed.
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import type { FleetInstanceOptions } from './fleet-instance.js';

/** The workspace root: the nearest folder up from here with `packages/server` (works bundled too). */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(`${dir}/packages/server/package.json`)) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('fleet-processes: cannot find the workspace root');
    dir = parent;
  }
  return `${dir}/`;
}

const root = findRoot();
const sources: Record<string, string> = {
  '@zipteams/embed-core/protocol': 'packages/core/src/protocol.ts',
  '@zipteams/embed-core/internal': 'packages/core/src/internal.ts',
  '@zipteams/embed-core': 'packages/core/src/index.ts',
};

/** `@zipteams/*` from sources; every other bare import stays external (from node_modules). */
const workspaceSources: Plugin = {
  name: 'workspace-sources',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^[^./]/ }, (args) => {
      const source = sources[args.path];
      return source ? { path: `${root}${source}` } : { path: args.path, external: true };
    });
  },
};
const outfile = `${root}node_modules/.cache/zipteams/fleet-instance.mjs`;
let built: Promise<unknown> | undefined;

function bundle(): Promise<unknown> {
  built ??= build({
    absWorkingDir: root,
    entryPoints: [`${root}packages/server/src/test-utils/fleet-instance.ts`],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    plugins: [workspaceSources],
  });
  return built;
}

export interface FleetProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** SIGKILL, as a crash or an OOM kill would; resolves once the process is gone. */
  kill(): Promise<void>;
}

export async function startFleetProcess(options: FleetInstanceOptions): Promise<FleetProcess> {
  await bundle();
  const child = fork(outfile, [JSON.stringify(options)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`fleet instance exited with ${code}`)));
  });
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url,
    child,
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      return gone;
    },
  };
}
