// Docs that must not drift from the code. Each rule returns its problems and a one-line summary;
// add a rule to `rules` (a new quoted-recipe rule is one more `quotedFiles(...)` line).
//
// The reference for every export is the API reports (packages/*/etc/*.api.md, compared with the
// built code by `npm run check:api`) and the TSDoc in the declarations; READMEs are guides, so
// this script only checks that each README points at its package's reports, and that recipes
// quoted in the docs are still the checked code they were copied from.
import { readFileSync, readdirSync, existsSync } from 'node:fs';

/** Each published package's README links every API report of the package. */
function readmesLinkApiReports() {
  const problems = [];
  let linked = 0;
  for (const pkg of readdirSync('packages')) {
    const dir = `packages/${pkg}`;
    if (JSON.parse(readFileSync(`${dir}/package.json`, 'utf8')).private) continue;
    const reports = existsSync(`${dir}/etc`)
      ? readdirSync(`${dir}/etc`).filter((file) => file.endsWith('.api.md'))
      : [];
    if (reports.length === 0) problems.push(`${dir} has no API report: run npm run api`);
    const readme = readFileSync(`${dir}/README.md`, 'utf8');
    for (const report of reports) {
      if (readme.includes(`](etc/${report})`)) linked++;
      else problems.push(`${dir}/README.md does not link its API report etc/${report}`);
    }
  }
  return { problems, summary: `the package READMEs link their ${linked} API reports` };
}

/**
 * A document's recipes are a directory's files, quoted as they are: a code block whose first
 * line is `// <path>` of a file in `dir` must be that file, byte for byte. A block right after a
 * `<!-- quote: … -->` or `<!-- excerpt: … -->` marker names its own file ({@link markedRecipes}).
 */
function quotedFiles(doc, dir) {
  return () => {
    const text = readFileSync(doc, 'utf8');
    const problems = [];
    let quoted = 0;
    for (const match of text.matchAll(/```tsx?\n\/\/ ([\w./[\]-]+)\n([\s\S]*?)```/g)) {
      const [, path, body] = match;
      if (/<!-- (?:quote|excerpt): \S+ -->\n$/.test(text.slice(0, match.index))) continue;
      const file = `${dir}/${path}`;
      if (!existsSync(file)) continue;
      quoted++;
      if (readFileSync(file, 'utf8') !== body) {
        problems.push(`${doc} quotes ${file}, but not as it is: copy it again`);
      }
    }
    if (quoted === 0) problems.push(`${doc} quotes no file of ${dir}`);
    return { problems, summary: `${doc} quotes ${quoted} files of ${dir} as they are` };
  };
}

/**
 * Recipes quoted from checked code (the examples, fixtures/svelte): a fenced block right after
 * `<!-- quote: <path> -->` is that file as it is, and one after `<!-- excerpt: <path> -->` is a run
 * of its lines, in order. The block's first line may name the file for the reader as a comment
 * (`// src/main.ts`, `<!-- src/App.vue -->`, `# …`); it is not compared.
 */
function markedRecipes() {
  const markdown = [
    'README.md',
    'docs/partner-guide.md',
    ...readdirSync('packages').map((pkg) => `packages/${pkg}/README.md`),
    ...readdirSync('examples').map((example) => `examples/${example}/README.md`),
  ].filter(existsSync);
  const pathComment = /^(?:\/\/ |<!-- |# )[\w./[\]+-]+(?: -->)?\n/;
  const problems = [];
  let recipes = 0;
  for (const doc of markdown) {
    const text = readFileSync(doc, 'utf8');
    for (const [, kind, path, fenced, body] of text.matchAll(
      /<!-- (quote|excerpt): ([^\s]+) -->\n(```[\w-]*\n([\s\S]*?)```)?/g,
    )) {
      recipes++;
      if (!fenced) {
        problems.push(`${doc}: <!-- ${kind}: ${path} --> is not followed by a fenced block`);
        continue;
      }
      if (!existsSync(path)) {
        problems.push(`${doc} quotes ${path}, which does not exist`);
        continue;
      }
      const file = readFileSync(path, 'utf8');
      const quote = body.replace(pathComment, '');
      if (!(kind === 'quote' ? quote === file : file.includes(quote))) {
        problems.push(`${doc} quotes ${path}, but not as it is: copy it again`);
      }
    }
  }
  return { problems, summary: `${recipes} recipes match their checked files` };
}

const rules = [
  readmesLinkApiReports,
  // The partner guide's Next.js section is examples/next's code.
  quotedFiles('docs/partner-guide.md', 'examples/next'),
  markedRecipes,
];

let failed = false;
const summaries = [];
for (const rule of rules) {
  const { problems, summary } = rule();
  for (const problem of problems) console.error(`✗ ${problem}`);
  if (problems.length) failed = true;
  summaries.push(summary);
}
if (failed) process.exit(1);
console.log(`Docs in sync: ${summaries.join('; ')}.`);
