// Checks that every built package is publishable: publint and "are the types wrong".
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const packages = readdirSync('packages');
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
process.exit(failed ? 1 : 0);
