// `npm run check:svelte`: svelte-check over fixtures/svelte, where `@zipteams/element/svelte`
// types <zipteams-dashboard> and <zipteams-call-details>. Passes only when every line after an
// `<!-- expect-error: why -->` marker has an error and nothing else has an error or a warning:
// the partner guide's Svelte recipe (Insights.svelte) type-checks clean, and wrong attributes,
// property types and event handlers (Wrong.svelte) are errors. Reads the built element types,
// as a partner's app does (run `npm run build` first; `npm install` does).
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

const dir = 'fixtures/svelte';
const result = spawnSync(
  'npx',
  ['--no-install', 'svelte-check', '--tsconfig', './tsconfig.json', '--output', 'machine'],
  { cwd: dir, encoding: 'utf8' },
);
if (result.error) throw result.error;

/** `file:line` of every problem svelte-check reported, with its message. */
const found = new Map();
let completed = false;
for (const line of result.stdout.split('\n')) {
  const match = /^\d+ (ERROR|WARNING) "([^"]+)" (\d+):\d+ (.*)$/.exec(line);
  if (match) found.set(`${match[2]}:${match[3]}`, `${match[1]} ${match[4]}`);
  if (/^\d+ COMPLETED /.test(line)) completed = true;
}
if (!completed) {
  console.error(result.stdout, result.stderr);
  console.error('✗ svelte-check did not complete');
  process.exit(1);
}

const expected = new Map();
for (const file of readdirSync(`${dir}/src`).filter((name) => name.endsWith('.svelte'))) {
  readFileSync(`${dir}/src/${file}`, 'utf8')
    .split('\n')
    .forEach((text, index) => {
      const marker = /<!-- expect-error: (.*) -->/.exec(text);
      // The marker is on line index + 1 (1-based), the element it is about on the next line.
      if (marker) expected.set(`src/${file}:${index + 2}`, marker[1]);
    });
}

let failed = 0;
for (const [where, why] of expected) {
  if (!found.get(where)?.startsWith('ERROR')) {
    console.error(`✗ ${dir}/${where}: no type error for ${why}`);
    failed++;
  }
}
for (const [where, problem] of found) {
  if (!expected.has(where)) {
    console.error(`✗ ${dir}/${where}: ${problem}`);
    failed++;
  }
}
if (failed) process.exit(1);
console.log(
  `svelte-check: ${expected.size} expected errors found in fixtures/svelte, nothing else reported.`,
);
