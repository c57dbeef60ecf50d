// Each package's tests (and its test helpers) import only what its package.json declares, and
// never a package that depends on it: the test rig points one way (core tests → test-utils, which
// depends on nothing of ours; the integration stack, @zipteams/test-stack, is used by browser
// tests through the Vitest config, Storybook, the bench and the e2e demo, never by a package's own
// tests). Aliases map every @zipteams/* to sources, so without this check a cycle would still run.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const manifests = new Map();
for (const dir of readdirSync('packages')) {
  const manifest = JSON.parse(readFileSync(`packages/${dir}/package.json`, 'utf8'));
  manifests.set(manifest.name, { dir, manifest });
}
const declared = (manifest) =>
  new Set(
    ['dependencies', 'devDependencies', 'peerDependencies'].flatMap((field) =>
      Object.keys(manifest[field] ?? {}),
    ),
  );
/** Every @zipteams package that `name` depends on at run time, transitively. */
function runtimeClosure(name, seen = new Set()) {
  const entry = manifests.get(name);
  if (!entry) return seen;
  for (const dep of Object.keys({
    ...entry.manifest.dependencies,
    ...entry.manifest.peerDependencies,
  })) {
    if (!dep.startsWith('@zipteams/') || seen.has(dep)) continue;
    seen.add(dep);
    runtimeClosure(dep, seen);
  }
  return seen;
}

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'node_modules' && name !== 'dist') yield* files(path);
    } else if (/\.(ts|tsx|mjs)$/.test(name)) yield path;
  }
}
const isTestCode = (path) => /\.test\.tsx?$|\.test-d\.tsx?$|(^|\/)test-utils\//.test(path);

const problems = [];
let checked = 0;
for (const [name, { dir, manifest }] of manifests) {
  const allowed = declared(manifest);
  for (const path of files(`packages/${dir}/src`)) {
    // test-utils and test-stack are test code as a whole.
    if (!isTestCode(path) && !manifest.private) continue;
    checked++;
    const source = readFileSync(path, 'utf8');
    for (const [, spec] of source.matchAll(/(?:from|import)\s*\(?\s*'(@zipteams\/[\w-]+)[^']*'/g)) {
      if (spec === name) continue;
      if (!allowed.has(spec)) {
        problems.push(`${path} imports ${spec}, which ${name}'s package.json does not declare`);
      } else if (runtimeClosure(spec).has(name)) {
        problems.push(`${path} imports ${spec}, which depends on ${name} (a cycle)`);
      }
    }
  }
}
for (const problem of problems) console.error(`✗ ${problem}`);
if (problems.length) process.exit(1);
console.log(
  `Test imports point one way: ${checked} test files import only what their package declares.`,
);
