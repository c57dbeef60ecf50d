import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Row } from './lib/report.ts';

const SECTION = '1. Bundle size (esbuild via size-limit, minified, peers external)';
/**
 * Issue #18's budget for what loads with the page, `{ ZipteamsDashboard, useDashboardToken }` and
 * `@zipteams/element` alike: 9 KiB gzip (code that `import()` loads is measured apart). The
 * earlier targets (4 kB for react + core, issue #6; 8 kB for the element, issue #11) are beyond it.
 */
const PAGE_LOAD_TARGET_GZIP_BYTES = 9 * 1024;

interface SizeLimitResult {
  readonly name: string;
  readonly size?: number;
  readonly passed?: boolean;
}

/** Subjects as named in .size-limit.cjs (each has a `(gzip)` and a `(min)` check). */
const SUBJECTS = [
  {
    id: 'size.react-import',
    name: '@zipteams/react + core: { ZipteamsDashboard, useDashboardToken }',
    label: 'react + core, `{ ZipteamsDashboard, useDashboardToken }`, loaded with the page',
    gzipTarget: PAGE_LOAD_TARGET_GZIP_BYTES,
  },
  {
    id: 'size.react-import.lazy',
    name: '@zipteams/react + core: { ZipteamsDashboard, useDashboardToken }, lazy',
    label: 'react + core, `{ ZipteamsDashboard, useDashboardToken }`, lazy (tab code)',
  },
  {
    id: 'size.react-import-with-query',
    name: '@zipteams/react + core + @tanstack/react-query: { ZipteamsDashboard, useDashboardToken }',
    label: 'the same with `@tanstack/react-query` bundled (an app that does not use it yet)',
  },
  {
    id: 'size.react-barrel',
    name: '@zipteams/react + core: whole barrel',
    label: 'react + core, whole barrel, loaded with the page',
  },
  {
    id: 'size.core',
    name: '@zipteams/embed-core: whole barrel',
    label: 'embed-core alone (main entry)',
  },
  { id: 'size.server', name: '@zipteams/server: whole barrel', label: 'server (jose bundled)' },
  {
    id: 'size.element',
    name: '@zipteams/element (core bundled in)',
    label: '@zipteams/element, self-contained (core bundled in), loaded with the page',
    gzipTarget: PAGE_LOAD_TARGET_GZIP_BYTES,
  },
  {
    id: 'size.element.lazy',
    name: '@zipteams/element (core bundled in), lazy',
    label: '@zipteams/element, lazy (tab code)',
  },
] as const;

/** Runs the size budget's own checks (`size-limit --json`), so the table matches `npm run size`. */
export async function measureSizes(): Promise<Row[]> {
  let results: SizeLimitResult[];
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['node_modules/size-limit/bin.js', '--json'],
      { maxBuffer: 1 << 20 },
    );
    results = JSON.parse(stdout) as SizeLimitResult[];
  } catch (error) {
    // size-limit exits 1 when a budget is exceeded but still prints its JSON.
    const stdout = (error as { stdout?: string }).stdout;
    if (!stdout) throw error;
    results = JSON.parse(stdout) as SizeLimitResult[];
  }
  const size = (name: string) => results.find((result) => result.name === name)?.size ?? null;
  const failed = results.filter((result) => result.passed === false);

  const rows = SUBJECTS.flatMap((subject) => {
    const gzipTarget = 'gzipTarget' in subject ? subject.gzipTarget : undefined;
    return [
      {
        id: `${subject.id}.min`,
        section: SECTION,
        metric: `${subject.label}: min`,
        value: size(`${subject.name} (min)`),
        unit: 'B',
        target: { op: 'info' },
      },
      {
        id: `${subject.id}.gzip`,
        section: SECTION,
        metric: `${subject.label}: gzip`,
        value: size(`${subject.name} (gzip)`),
        unit: 'B',
        target: gzipTarget === undefined ? { op: 'info' } : { op: '<=', value: gzipTarget },
      },
    ] satisfies Row[];
  });
  return [
    ...rows,
    {
      id: 'size.budget',
      section: SECTION,
      metric: 'size budget (`npm run size`, .size-limit.cjs): checks over their limit',
      value: failed.length,
      unit: '',
      target: { op: '==', value: 0 },
      ...(failed.length
        ? { display: `${failed.length}: ${failed.map((r) => r.name).join(', ')}` }
        : {}),
    },
  ];
}
