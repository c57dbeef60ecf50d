// `npm run bench`: every figure of issue #6 measured in one run, printed as one table and saved
// as .bench-results/<timestamp>.json. `npm run bench -- --compare a.json b.json` compares two runs.
// `--only size,browser,first-frame,server` runs some sections (the JSON then holds only those).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os';
import { measureBrowser } from './browser.ts';
import { measureFirstFrame } from './first-frame/measure.ts';
import {
  bySection,
  formatComparison,
  formatTable,
  verdict,
  type BenchResults,
  type Row,
} from './lib/report.ts';
import { measureFleet } from './server/fleet.ts';
import { measureServer } from './server/throughput.ts';
import { measureSizes } from './size.ts';
import { measureTabs } from './tabs.ts';

const RESULTS_DIR = '.bench-results';
const SECTIONS = ['size', 'browser', 'first-frame', 'server', 'tabs', 'fleet'] as const;
type Section = (typeof SECTIONS)[number];

/** Above this share of CPU time busy before the run, the figures get a warning. */
const BUSY_WARNING = 0.25;

/** Share of CPU time (all cores) spent busy over one second, measured before anything starts. */
async function cpuBusy(): Promise<number> {
  const sample = () =>
    cpus().reduce(
      (sum, cpu) => {
        const { idle, ...rest } = cpu.times;
        return {
          idle: sum.idle + idle,
          all: sum.all + idle + Object.values(rest).reduce((a, b) => a + b, 0),
        };
      },
      { idle: 0, all: 0 },
    );
  const before = sample();
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const after = sample();
  return 1 - (after.idle - before.idle) / Math.max(1, after.all - before.all);
}

async function compare(a: string, b: string): Promise<void> {
  const read = async (path: string) => JSON.parse(await readFile(path, 'utf8')) as BenchResults;
  console.log(formatComparison(await read(a), await read(b)));
}

function failedRow(section: Section, error: unknown): Row {
  const message = error instanceof Error ? error.message : String(error);
  return {
    id: `${section}.failed`,
    section: `${section} (failed)`,
    metric: `${section} measurements`,
    value: null,
    unit: '',
    target: { op: 'info' },
    display: `failed: ${message.split('\n')[0]}`,
  };
}

async function run(only: readonly Section[]): Promise<void> {
  const started = Date.now();
  const startedAt = new Date(started).toISOString();
  const machine: Record<string, string> = {
    node: process.version,
    cpus: `${availableParallelism()} × ${cpus()[0]?.model.trim() ?? 'unknown'}`,
    memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
    os: `${process.platform} ${release()}`,
  };
  const busyAtStart = await cpuBusy();
  const loadAtStart = loadavg()[0]!;
  const rows: Row[] = [];
  const step = async (section: Section, measure: () => Promise<Row[]>) => {
    if (!only.includes(section)) return;
    const stepStart = Date.now();
    console.log(`bench: ${section}…`);
    try {
      rows.push(...(await measure()));
    } catch (error) {
      console.error(error);
      rows.push(failedRow(section, error));
    }
    console.log(`bench: ${section} done in ${((Date.now() - stepStart) / 1000).toFixed(1)} s`);
  };

  await step('size', measureSizes);
  await step('browser', async () => {
    const result = await measureBrowser();
    machine.chromium = result.chromium;
    return result.rows;
  });
  await step('first-frame', measureFirstFrame);
  await step('server', measureServer);
  await step('tabs', measureTabs);
  await step('fleet', measureFleet);

  const durationMs = Date.now() - started;
  const loadAtEnd = loadavg()[0]!;
  machine['busy before'] = `${Math.round(busyAtStart * 100)} % CPU (1 s sample)`;
  machine.load = `${loadAtStart.toFixed(1)} at start, ${loadAtEnd.toFixed(1)} at end (1-min average, the bench's own work included)`;
  const results: BenchResults = {
    startedAt,
    durationMs,
    machine,
    rows: bySection(rows).map((row) => ({ ...row, verdict: verdict(row) })),
  };
  await mkdir(RESULTS_DIR, { recursive: true });
  const file = `${RESULTS_DIR}/${startedAt.replace(/[:.]/g, '-')}.json`;
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);

  const missed = results.rows.filter((row) => row.verdict === 'MISS' || row.verdict === 'error');
  console.log('');
  console.log(formatTable(rows));
  console.log('');
  console.log(
    `Machine: ${Object.entries(machine)
      .map(([key, value]) => `${key} ${value}`)
      .join(' · ')}`,
  );
  console.log(
    `Took ${(durationMs / 1000).toFixed(1)} s · ${missed.length} of ${rows.length} rows missed or failed · results in ${file}`,
  );
  if (busyAtStart > BUSY_WARNING) {
    console.warn(
      `Warning: the CPUs were ${Math.round(busyAtStart * 100)} % busy before the run started: ` +
        'timings and throughput are pessimistic. Rerun on an idle machine for reference figures.',
    );
  }
  if (rows.some((row) => row.value === null)) process.exitCode = 1;
}

const args = process.argv.slice(2);
const compareAt = args.indexOf('--compare');
if (compareAt >= 0) {
  const [a, b] = args.slice(compareAt + 1);
  if (!a || !b) throw new Error('usage: npm run bench -- --compare <a.json> <b.json>');
  await compare(a, b);
} else {
  const onlyAt = args.indexOf('--only');
  const only =
    onlyAt >= 0
      ? ((args[onlyAt + 1] ?? '')
          .split(',')
          .filter((s) => SECTIONS.includes(s as Section)) as Section[])
      : [...SECTIONS];
  await run(only);
  // Nothing is left on purpose; exit even if a library keeps a handle open.
  process.exit();
}
