// Size budget: what a partner's bundler ships. Sources are bundled by esbuild (size-limit's
// preset), minified and tree-shaken, with the peers external; `@zipteams/*` resolve to sources,
// so the check needs no build and cannot race a concurrent `npm run build`. `npm run bench`
// reads the same checks (`size-limit --json`), so the table and the budget never disagree.
// "4 kB" is 4,000 bytes (size-limit's bytes-iec: kB = 1000, KiB = 1024).

const alias = {
  '@zipteams/embed-core': `${__dirname}/packages/core/src/index.ts`,
  '@zipteams/react': `${__dirname}/packages/react/src/index.ts`,
  '@zipteams/server/node': `${__dirname}/packages/server/src/node.ts`,
  '@zipteams/server': `${__dirname}/packages/server/src/index.ts`,
};
const peers = ['react', 'react-dom', '@tanstack/react-query'];
const withAliases = (config) => ({ ...config, alias: { ...config.alias, ...alias } });

/** One subject, measured twice: gzip (level 9, with the budget) and minified bytes. */
function check(name, path, imports, limit) {
  const base = { path, import: imports, ignore: peers, modifyEsbuildConfig: withAliases };
  return [
    { name: `${name} (gzip)`, ...base, gzip: true, ...(limit ? { limit } : {}) },
    { name: `${name} (min)`, ...base, gzip: false, brotli: false },
  ];
}

module.exports = [
  ...check(
    '@zipteams/react + core: { ZipteamsDashboard, useDashboardToken }',
    'packages/react/src/index.ts',
    '{ ZipteamsDashboard, useDashboardToken }',
    '4 kB',
  ),
  ...check('@zipteams/react + core: whole barrel', 'packages/react/src/index.ts', '*'),
  ...check('@zipteams/embed-core: whole barrel', 'packages/core/src/index.ts', '*'),
  ...check('@zipteams/server: whole barrel', 'packages/server/src/index.ts', '*'),
];
