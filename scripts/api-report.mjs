// The reviewed API reports: one per public entry point of each published package (its
// package.json `exports`, less ./package.json), written by API Extractor from the built `.d.ts`
// into packages/<pkg>/etc/<name>.api.md. Each entry has its own config beside the package.json
// (`api-extractor.json` for ".", `api-extractor.<subpath>.json` for "./<subpath>"), all extending
// api-extractor.base.json.
//
//   node scripts/api-report.mjs --local   writes the reports (`npm run api` builds first)
//   node scripts/api-report.mjs           fails when a report differs from what the built code
//                                         gives (`npm run check:api`, after `npm run build`)
import { Extractor, ExtractorConfig, CompilerState } from '@microsoft/api-extractor';
import ts from 'typescript';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const local = process.argv.includes('--local');
const root = process.cwd();
const problems = [];
const fail = (message) => problems.push(message);

/** Every public entry point of every published package, with its config file. */
function entries() {
  const found = [];
  for (const dir of readdirSync('packages')) {
    const pkgDir = join('packages', dir);
    const manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
    if (manifest.private) continue;
    const configs = new Set(
      readdirSync(pkgDir).filter((f) => /^api-extractor(\..+)?\.json$/.test(f)),
    );
    for (const [key, target] of Object.entries(manifest.exports ?? { '.': {} })) {
      if (key === './package.json') continue;
      const configFile =
        key === '.'
          ? 'api-extractor.json'
          : `api-extractor.${key.slice(2).replace(/\//g, '.')}.json`;
      const specifier = key === '.' ? manifest.name : `${manifest.name}/${key.slice(2)}`;
      configs.delete(configFile);
      if (!existsSync(join(pkgDir, configFile))) {
        fail(
          `${specifier} has no API report config: add ${pkgDir}/${configFile} (copy api-extractor.json, ` +
            `set mainEntryPointFilePath and reportFileName), then run npm run api`,
        );
        continue;
      }
      found.push({
        pkgDir,
        key,
        specifier,
        types: target?.types,
        configPath: join(pkgDir, configFile),
      });
    }
    for (const stray of configs) {
      fail(`${pkgDir}/${stray} names no entry of ${pkgDir}/package.json exports: remove it`);
    }
  }
  return found;
}

/** Counts an entry's exported values and types (a class or an enum is a value). */
function countExports(program, entryFile) {
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entryFile);
  const moduleSymbol = source && checker.getSymbolAtLocation(source);
  if (!moduleSymbol) return undefined;
  let values = 0;
  let types = 0;
  for (const symbol of checker.getExportsOfModule(moduleSymbol)) {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    if (target.flags & ts.SymbolFlags.Value) values++;
    else types++;
  }
  return { values, types };
}

const all = entries();
const written = new Set();
const rows = [];
const prepared = [];
const unfinished = new Set(); // packages with an entry not analysed: their reports stay as they are
for (const entry of all) {
  let config;
  try {
    config = ExtractorConfig.loadFileAndPrepare(entry.configPath);
  } catch (error) {
    // Among others, a missing mainEntryPointFilePath: the package is not built.
    fail(`${entry.specifier}: ${error.message.trim()} (run npm run build first?)`);
    unfinished.add(entry.pkgDir);
    continue;
  }
  const expected = entry.types && resolve(entry.pkgDir, entry.types);
  if (expected && resolve(config.mainEntryPointFilePath) !== expected) {
    fail(
      `${entry.configPath}: mainEntryPointFilePath is ${relative(root, config.mainEntryPointFilePath)}, ` +
        `but ${entry.specifier} exports types from ${relative(root, expected)}`,
    );
    unfinished.add(entry.pkgDir);
    continue;
  }
  mkdirSync(config.reportFolder, { recursive: true });
  prepared.push({ entry, config });
}
if (prepared.length > 0) {
  // One TypeScript program shared by every entry (API Extractor's own optimisation; they share
  // the base config's compiler options): lib.dom and @types/node are read once, not per entry.
  const compilerState = CompilerState.create(prepared[0].config, {
    additionalEntryPoints: prepared.map(({ config }) => config.mainEntryPointFilePath),
  });
  for (const { entry, config } of prepared) {
    const { fileName } = config.reportConfigs.find((c) => c.variant === 'complete');
    const report = join(config.reportFolder, fileName);
    written.add(resolve(report));
    let problemsLogged = 0;
    const result = Extractor.invoke(config, {
      localBuild: local,
      compilerState,
      messageCallback(message) {
        // Progress chatter and API Extractor's own "copy the file" advice: we say it below.
        if (
          message.logLevel === 'info' ||
          message.logLevel === 'verbose' ||
          message.messageId === 'console-api-report-not-copied' ||
          message.messageId === 'console-api-report-copied' ||
          message.messageId === 'console-api-report-created'
        ) {
          message.handled = true;
        } else if (message.logLevel === 'warning' || message.logLevel === 'error') {
          problemsLogged++;
        }
      },
    });
    const name = relative(root, report);
    const counts = countExports(compilerState.program, config.mainEntryPointFilePath);
    rows.push({ specifier: entry.specifier, name, ...counts, changed: result.apiReportChanged });
    if (!result.succeeded && problemsLogged > 0) {
      fail(`${entry.specifier}: API Extractor reported ${problemsLogged} problems (above)`);
    }
    if (result.apiReportChanged && !local) {
      const temp = join(config.reportTempFolder, fileName);
      if (existsSync(report)) {
        // What changed, as `git diff` shows it (exit code 1 when the files differ).
        const diff = spawnSync(
          'git',
          ['diff', '--no-index', '--no-color', relative(root, report), relative(root, temp)],
          { encoding: 'utf8' },
        );
        console.error(diff.stdout.split('\n').slice(0, 80).join('\n'));
      }
      fail(
        `the API of ${entry.specifier} changed without its report (${name}): run npm run api and commit`,
      );
    }
  }
}

// A report whose entry is gone (an export removed or renamed) is stale.
for (const pkgDir of new Set(all.map((entry) => entry.pkgDir))) {
  const etc = join(pkgDir, 'etc');
  if (!existsSync(etc) || unfinished.has(pkgDir)) continue;
  for (const file of readdirSync(etc).filter((f) => f.endsWith('.api.md'))) {
    const path = resolve(etc, file);
    if (written.has(path)) continue;
    if (local) {
      rmSync(path);
      console.log(`removed ${relative(root, path)}: no entry point gives it any more`);
    } else {
      fail(`${relative(root, path)} is the report of no entry point: run npm run api and commit`);
    }
  }
}

for (const row of rows) {
  const counts = row.values === undefined ? '' : `${row.values} values, ${row.types} types`;
  const state = row.changed ? (local ? 'updated' : 'differs') : 'unchanged';
  console.log(`${row.specifier.padEnd(28)} ${counts.padEnd(22)} ${state.padEnd(9)} ${row.name}`);
}
for (const problem of problems) console.error(`✗ ${problem}`);
if (problems.length) process.exit(1);
console.log(
  local
    ? `${rows.length} API reports written; review and commit packages/*/etc.`
    : `${rows.length} API reports match the built code.`,
);
