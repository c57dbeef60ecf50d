// Checks that every built package is publishable: publint and "are the types wrong".
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { readFileSync as readText } from 'node:fs';

// Private workspace packages (the test rig) are never published.
const packages = readdirSync('packages').filter(
  (name) => !JSON.parse(readText(`packages/${name}/package.json`, 'utf8')).private,
);
let failed = false;
for (const name of packages) {
  const dir = `packages/${name}`;
  for (const [tool, args] of [
    ['publint', ['--strict', dir]],
    ['attw', ['--pack', dir, '--profile', 'esm-only', '--format', 'table-flipped']],
  ]) {
    try {
      execFileSync('npx', ['--no-install', tool, ...args], { stdio: 'inherit' });
    } catch {
      console.error(`✗ ${tool} failed for ${dir}`);
      failed = true;
    }
  }
}
// React Server Components: every module of @zipteams/react that uses hooks must stay a client module.
import { readFileSync } from 'node:fs';
for (const file of readdirSync('packages/react/dist').filter((f) => f.endsWith('.js'))) {
  const source = readFileSync(`packages/react/dist/${file}`, 'utf8');
  const usesReact = /from 'react'|from "react"|from '@tanstack\/react-query'/.test(source);
  if (usesReact && !/^['"]use client['"];/.test(source)) {
    console.error(
      `✗ packages/react/dist/${file} imports React but does not start with "use client"`,
    );
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
