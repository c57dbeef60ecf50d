// Fails when a package exports a name that its README never mentions: the API reference stays in sync.
import { readFileSync, readdirSync, existsSync } from 'node:fs';

let missing = 0;
for (const pkg of readdirSync('packages')) {
  const { exports } = JSON.parse(readFileSync(`packages/${pkg}/package.json`, 'utf8'));
  const entries = Object.keys(exports)
    .filter((key) => !key.endsWith('.json'))
    .map((key) => `packages/${pkg}/src/${key === '.' ? 'index' : key.slice(2)}.ts`)
    .filter(existsSync);
  const readme = readFileSync(`packages/${pkg}/README.md`, 'utf8');
  for (const entry of entries) {
    const source = readFileSync(entry, 'utf8');
    const names = new Set();
    for (const [, list] of source.matchAll(/export\s+(?:type\s+)?\{([^}]*)\}/g)) {
      for (const part of list.split(',')) {
        const name = part
          .trim()
          .split(/\s+as\s+/)
          .pop()
          ?.replace(/^type\s+/, '')
          .trim();
        if (name) names.add(name);
      }
    }
    for (const [, name] of source.matchAll(
      /export\s+(?:async\s+)?(?:function|const|class|type|interface)\s+(\w+)/g,
    )) {
      names.add(name);
    }
    for (const name of names) {
      if (!new RegExp(`\\b${name}\\b`).test(readme)) {
        console.error(
          `✗ ${entry} exports ${name}, but packages/${pkg}/README.md never mentions it`,
        );
        missing++;
      }
    }
  }
}

// The partner guide's Next.js section is examples/next's code: a block whose first line is
// `// <path>` of a file in examples/next must be that file, as is.
const guide = readFileSync('docs/partner-guide.md', 'utf8');
let quoted = 0;
for (const [, path, body] of guide.matchAll(/```tsx?\n\/\/ ([\w./[\]-]+)\n([\s\S]*?)```/g)) {
  const file = `examples/next/${path}`;
  if (!existsSync(file)) continue;
  quoted++;
  if (readFileSync(file, 'utf8') !== body) {
    console.error(`✗ docs/partner-guide.md quotes ${file}, but not as it is: copy it again`);
    missing++;
  }
}
if (quoted === 0) {
  console.error('✗ docs/partner-guide.md quotes no file of examples/next');
  missing++;
}
if (missing) process.exit(1);
console.log(
  `Every export is documented in its package README; the guide quotes ${quoted} example files as they are.`,
);
