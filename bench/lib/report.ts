/** How a measured value is judged. `info` rows have no target and never count as a miss. */
export type Target =
  | { readonly op: '<=' | '>=' | '=='; readonly value: number; readonly label?: string }
  | { readonly op: 'info'; readonly label?: string };

/** One line of the table, and of the JSON results. */
export interface Row {
  /** Stable key, used to match rows when two runs are compared. */
  readonly id: string;
  readonly section: string;
  readonly metric: string;
  /** `null`: the measurement failed (see `display`). */
  readonly value: number | null;
  readonly unit: string;
  readonly target: Target;
  /** Shown instead of the formatted value, e.g. `3.1 ms (next task)`. */
  readonly display?: string;
}

export type Verdict = 'pass' | 'MISS' | 'info' | 'error';

export interface BenchResults {
  readonly startedAt: string;
  readonly durationMs: number;
  readonly machine: Record<string, string>;
  readonly rows: readonly (Row & { readonly verdict: Verdict })[];
}

export function verdict(row: Row): Verdict {
  if (row.value === null) return 'error';
  const { target } = row;
  switch (target.op) {
    case 'info':
      return 'info';
    case '<=':
      return row.value <= target.value ? 'pass' : 'MISS';
    case '>=':
      return row.value >= target.value ? 'pass' : 'MISS';
    case '==':
      return row.value === target.value ? 'pass' : 'MISS';
  }
}

export function formatNumber(value: number, unit: string): string {
  // Ratios (no unit) get two decimals, measured values one, large values none.
  const digits = Number.isInteger(value) ? 0 : Math.abs(value) >= 100 ? 0 : unit === '' ? 2 : 1;
  const text = value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  return unit ? `${text} ${unit}` : text;
}

function formatValue(row: Row): string {
  if (row.display !== undefined) return row.display;
  return row.value === null ? 'failed' : formatNumber(row.value, row.unit);
}

function formatTarget(row: Row): string {
  const { target } = row;
  if (target.label !== undefined) return target.label;
  if (target.op === 'info') return '—';
  const op = target.op === '==' ? '=' : target.op === '<=' ? '≤' : '≥';
  return `${op} ${formatNumber(target.value, row.unit)}`;
}

function renderTable(header: readonly string[], lines: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...lines.map((line) => (line[column] ?? '').length)),
  );
  const render = (cells: readonly string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  return [
    render(header),
    `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`,
    ...lines.map(render),
  ].join('\n');
}

/** Rows in the order of their section numbers ("1. …" to "6. …"); within a section as measured. */
export function bySection(rows: readonly Row[]): Row[] {
  const rank = (row: Row) => Number.parseInt(row.section, 10) || Number.MAX_SAFE_INTEGER;
  return [...rows].sort((a, b) => rank(a) - rank(b));
}

/** The one table `npm run bench` prints: a markdown table, so the README can hold it as is. */
export function formatTable(rows: readonly Row[]): string {
  const lines: string[][] = [];
  let section = '';
  for (const row of bySection(rows)) {
    if (row.section !== section) {
      section = row.section;
      lines.push([`**${section}**`, '', '', '']);
    }
    lines.push([row.metric, formatValue(row), formatTarget(row), verdict(row)]);
  }
  return renderTable(['Metric', 'Value', 'Target', 'Result'], lines);
}

/** Two runs side by side, matched by row id. */
export function formatComparison(a: BenchResults, b: BenchResults): string {
  const before = new Map(a.rows.map((row) => [row.id, row]));
  const lines: string[][] = [];
  for (const row of b.rows) {
    const old = before.get(row.id);
    before.delete(row.id);
    let delta = '';
    if (old?.value != null && row.value !== null) {
      const diff = row.value - old.value;
      const pct =
        old.value === 0
          ? ''
          : ` (${diff >= 0 ? '+' : ''}${((diff / old.value) * 100).toFixed(1)} %)`;
      delta = `${diff >= 0 ? '+' : ''}${formatNumber(diff, row.unit)}${pct}`;
    }
    lines.push([
      row.metric,
      old ? `${formatValue(old)} (${old.verdict})` : '—',
      `${formatValue(row)} (${row.verdict})`,
      delta,
    ]);
  }
  for (const old of before.values()) {
    lines.push([old.metric, `${formatValue(old)} (${old.verdict})`, '—', '']);
  }
  return renderTable(['Metric', `A: ${a.startedAt}`, `B: ${b.startedAt}`, 'B − A'], lines);
}
