// `npm run check:changeset`, on a branch before it is merged: fails when the source of a published
// package changed since the branch left main and no changeset added on the branch names that
// package. What counts as source is `changedFilePatterns` in .changeset/config.json (src/ and bin/
// without tests and test helpers, and package.json), which `npx changeset` uses too.
//
// Not part of `npm test`: CI tests main itself, where nothing differs from main, and a shallow
// clone has no merge base to compare with. So this says so and fails rather than pass unseen.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';

const git = (...args) =>
  execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
const lines = (text) => text.split('\n').filter(Boolean);

const baseRef =
  process.argv[2] ??
  ['main', 'origin/main'].find((ref) => {
    try {
      git('rev-parse', '--verify', `${ref}^{commit}`);
      return true;
    } catch {
      return false;
    }
  });
let base;
try {
  base = baseRef && git('merge-base', 'HEAD', baseRef);
} catch {
  base = undefined;
}
if (!base) {
  console.error(
    `✗ no merge base with ${baseRef ?? 'main'} (a shallow clone?): nothing to compare; ` +
      'run this in a full clone, on the branch to merge',
  );
  process.exit(1);
}

// Changed since the merge base: committed, staged, unstaged and untracked.
const changed = new Set([
  ...lines(git('diff', '--name-only', base)),
  ...lines(git('ls-files', '--others', '--exclude-standard')),
]);
const isSource = (path) =>
  (/^(src|bin)\//.test(path) || path === 'package.json') &&
  !/\.test(-d)?\.[cm]?[jt]sx?$/.test(path) &&
  !/(^|\/)test-utils\//.test(path);

// The packages named by the changesets this branch adds.
const named = new Set();
for (const file of changed) {
  if (!/^\.changeset\/[^/]+\.md$/.test(file) || file === '.changeset/README.md') continue;
  if (!existsSync(file)) continue;
  const front = readFileSync(file, 'utf8').match(/^---\n([\s\S]*?)\n---/);
  for (const [, name] of front?.[1].matchAll(/^\s*['"]?([^'":]+)['"]?\s*:/gm) ?? []) {
    named.add(name);
  }
}

const missing = [];
for (const dir of readdirSync('packages')) {
  const { name, private: isPrivate } = JSON.parse(
    readFileSync(`packages/${dir}/package.json`, 'utf8'),
  );
  if (isPrivate || named.has(name)) continue;
  const prefix = `packages/${dir}/`;
  const files = [...changed].filter(
    (f) => f.startsWith(prefix) && isSource(f.slice(prefix.length)),
  );
  if (files.length) missing.push(`${name} (${files.length} files, e.g. ${files[0]})`);
}
if (missing.length) {
  for (const entry of missing) console.error(`✗ ${entry} changed without a changeset`);
  console.error(
    'Run npm run changeset for a change a partner can notice; a change none can notice needs ' +
      'none (say so when you hand the branch over).',
  );
  process.exit(1);
}
console.log(`Every published package changed since ${base.slice(0, 7)} has a changeset.`);
