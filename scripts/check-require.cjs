// A CommonJS consumer (an Express app without "type": "module", Jest): `require()` of each
// published entry must work in Node 20.19+ and give the very module that `import` gives.
// Runs against the built dist (the workspace links in node_modules), after `npm run build`.
'use strict';

const ENTRIES = [
  '@zipteams/embed-core',
  '@zipteams/embed-core/protocol',
  '@zipteams/embed-core/tabs',
  '@zipteams/embed-core/internal',
  '@zipteams/server',
  '@zipteams/server/node',
  '@zipteams/server/redis',
  '@zipteams/mock',
  '@zipteams/react',
  '@zipteams/element',
];

const warnings = [];
process.on('warning', (warning) => warnings.push(`${warning.name}: ${warning.message}`));

async function main() {
  let failed = false;
  for (const entry of ENTRIES) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- require() is under test
      const required = require(entry);
      const imported = await import(entry);
      const names = Object.keys(required);
      if (names.length === 0) throw new Error('require() returned no exports');
      // require(esm) hands back the module namespace: the same object, so one module instance.
      if (required !== imported) throw new Error('require() and import() gave different modules');
      console.log(`✓ require('${entry}'): ${names.length} exports, same module as import`);
    } catch (error) {
      console.error(
        `✗ require('${entry}') failed: ${error instanceof Error ? error.message : error}`,
      );
      failed = true;
    }
  }
  for (const warning of warnings) console.error(`! ${warning}`);
  process.exit(failed ? 1 : 0);
}

void main();
