#!/usr/bin/env node
// `npm run test:react18`: installs fixtures/react18 (React 18 and the libraries that import it)
// when its lock changed since the last install, then runs the react package's tests against it.
// Passing arguments through: `npm run test:react18 -- packages/react/src/ssr.test.tsx`.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const fixture = 'fixtures/react18';
const lock = `${fixture}/package-lock.json`;
// npm writes its view of what is installed here; it matches the lock right after `npm ci`.
const installed = `${fixture}/node_modules/.package-lock.json`;

const packagesOf = (file) => {
  const { packages = {} } = JSON.parse(readFileSync(file, 'utf8'));
  return Object.entries(packages)
    .filter(([path]) => path.startsWith('node_modules/'))
    .map(([path, { version }]) => `${path}@${version}`)
    .sort()
    .join('\n');
};

if (!existsSync(installed) || packagesOf(installed) !== packagesOf(lock)) {
  console.log(`--- installing ${fixture}`);
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: fixture, stdio: 'inherit' });
}

try {
  execFileSync(
    'npx',
    [
      '--no-install',
      'vitest',
      'run',
      '--config',
      `${fixture}/vitest.config.ts`,
      ...process.argv.slice(2),
    ],
    { stdio: 'inherit' },
  );
} catch {
  process.exit(1);
}
