// Fails when a package exports a name that its README never mentions (the API reference stays in
// sync), and when a recipe quoted in the docs no longer matches the checked file it was copied from.
import { readFileSync, readdirSync, existsSync } from 'node:fs';

let missing = 0;
for (const pkg of readdirSync('packages')) {
  const { exports } = JSON.parse(readFileSync(`packages/${pkg}/package.json`, 'utf8'));
  // The source of each entry: its `types` file (`./dist/frameworks/vue.d.ts` from
  // `src/frameworks/vue.ts`), else `src/<subpath>.ts`.
  const entries = Object.entries(exports)
    .filter(([key]) => !key.endsWith('.json'))
    .map(([key, target]) =>
      typeof target?.types === 'string'
        ? `packages/${pkg}/${target.types.replace(/^\.\/dist\//, 'src/').replace(/\.d\.ts$/, '.ts')}`
        : `packages/${pkg}/src/${key === '.' ? 'index' : key.slice(2)}.ts`,
    )
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
for (const match of guide.matchAll(/```tsx?\n\/\/ ([\w./[\]-]+)\n([\s\S]*?)```/g)) {
  const [, path, body] = match;
  // A block after a `<!-- quote: … -->` marker names its own file (checked below).
  if (/<!-- (?:quote|excerpt): \S+ -->\n$/.test(guide.slice(0, match.index))) continue;
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

// Recipes quoted from checked code (the examples, fixtures/svelte): a fenced block right after
// `<!-- quote: <path> -->` is that file as it is, and one after `<!-- excerpt: <path> -->` is a run
// of its lines, in order. The block's first line may name the file for the reader as a comment
// (`// src/main.ts`, `<!-- src/App.vue -->`, `# …`); it is not compared.
const markdown = [
  'README.md',
  'docs/partner-guide.md',
  ...readdirSync('packages').map((pkg) => `packages/${pkg}/README.md`),
  ...readdirSync('examples').map((example) => `examples/${example}/README.md`),
].filter(existsSync);
const pathComment = /^(?:\/\/ |<!-- |# )[\w./[\]+-]+(?: -->)?\n/;
let recipes = 0;
for (const doc of markdown) {
  const text = readFileSync(doc, 'utf8');
  for (const [, kind, path, fenced, body] of text.matchAll(
    /<!-- (quote|excerpt): ([^\s]+) -->\n(```[\w-]*\n([\s\S]*?)```)?/g,
  )) {
    recipes++;
    if (!fenced) {
      console.error(`✗ ${doc}: <!-- ${kind}: ${path} --> is not followed by a fenced block`);
      missing++;
      continue;
    }
    if (!existsSync(path)) {
      console.error(`✗ ${doc} quotes ${path}, which does not exist`);
      missing++;
      continue;
    }
    const file = readFileSync(path, 'utf8');
    const quote = body.replace(pathComment, '');
    const matches = kind === 'quote' ? quote === file : file.includes(quote);
    if (!matches) {
      console.error(`✗ ${doc} quotes ${path}, but not as it is: copy it again`);
      missing++;
    }
  }
}
if (missing) process.exit(1);
console.log(
  `Every export is documented in its package README; the guide quotes ${quoted} example files as they are; ${recipes} recipes match their checked files.`,
);
