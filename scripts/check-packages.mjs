// Checks that every built package is publishable and that a partner can trust its tarball:
// publint and "are the types wrong", a LICENSE in every tarball, no source map that points at
// files the tarball lacks, a `default` condition beside every `import` (so `require()` matches),
// "use client" on every React module, and a real `require()` of each entry from CommonJS.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

// Private workspace packages (the test rig) are never published.
const packages = readdirSync('packages').filter(
  (name) => !JSON.parse(readFileSync(`packages/${name}/package.json`, 'utf8')).private,
);
let failed = false;
const fail = (message) => {
  console.error(`✗ ${message}`);
  failed = true;
};

const rootLicense = readFileSync('LICENSE', 'utf8');

/** The files `npm pack` would put in the tarball, relative to the package directory. */
function tarballFiles(dir) {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return new Set(JSON.parse(out)[0].files.map((file) => file.path));
}

/** Every condition object of an exports map (nested conditions included). */
function* conditionObjects(value) {
  if (!value || typeof value !== 'object') return;
  yield value;
  for (const child of Object.values(value)) yield* conditionObjects(child);
}

function checkTarball(dir) {
  const files = tarballFiles(dir);
  if (!files.has('LICENSE')) fail(`${dir}: the tarball has no LICENSE`);
  else if (readFileSync(join(dir, 'LICENSE'), 'utf8') !== rootLicense) {
    fail(`${dir}/LICENSE differs from the root LICENSE`);
  }
  for (const file of files) {
    if (!file.endsWith('.map')) continue;
    const map = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    map.sources.forEach((source, index) => {
      const shipped = files.has(normalize(join(dirname(file), map.sourceRoot ?? '', source)));
      if (!shipped && typeof map.sourcesContent?.[index] !== 'string') {
        fail(`${dir}/${file} points at ${source}, which is neither in the tarball nor inlined`);
      }
    });
  }
}

function checkExports(dir) {
  const { exports } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  for (const conditions of conditionObjects(exports)) {
    if ('import' in conditions && !('default' in conditions)) {
      fail(`${dir}/package.json: an exports entry has "import" but no "default" (require fails)`);
    }
  }
}

for (const name of packages) {
  const dir = `packages/${name}`;
  for (const [tool, args] of [
    ['publint', ['--strict', dir]],
    ['attw', ['--pack', dir, '--profile', 'esm-only', '--format', 'table-flipped']],
  ]) {
    try {
      execFileSync('npx', ['--no-install', tool, ...args], { stdio: 'inherit' });
    } catch {
      fail(`${tool} failed for ${dir}`);
    }
  }
  checkTarball(dir);
  checkExports(dir);
}

// React Server Components: a module of @zipteams/react must start with "use client" when it
// imports React in any form (react, react/jsx-runtime, react-dom, react-query) or imports such
// a module (the barrel). Modules without React (describe-error) may stay server-safe.
const reactDist = 'packages/react/dist';
const modules = new Map();
for (const file of readdirSync(reactDist).filter((f) => f.endsWith('.js'))) {
  const source = readFileSync(`${reactDist}/${file}`, 'utf8');
  const specifiers = [...source.matchAll(/(?:from|import)\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);
  modules.set(file, { source, specifiers });
}
const usesReact = (file, seen = new Set()) => {
  if (seen.has(file) || !modules.has(file)) return false;
  seen.add(file);
  return modules
    .get(file)
    .specifiers.some((specifier) =>
      specifier.startsWith('./')
        ? usesReact(specifier.slice(2), seen)
        : /^(react|react-dom|@tanstack\/react-query)(\/|$)/.test(specifier),
    );
};
for (const [file, { source }] of modules) {
  if (usesReact(file) && !/^['"]use client['"];/.test(source)) {
    fail(`${reactDist}/${file} uses React but does not start with "use client"`);
  }
}

try {
  execFileSync('node', ['scripts/check-require.cjs'], { stdio: 'inherit' });
} catch {
  fail('require() of a built package failed (scripts/check-require.cjs)');
}

process.exit(failed ? 1 : 0);
