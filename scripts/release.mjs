// `npm run release`: a DRY RUN of a release, never a publish. It shows the release plan of the
// pending changesets, builds, checks the API reports and the packed tarballs as `npm test` does,
// then runs `npm publish --dry-run` for each published package. Publishing for real is
// `npx changeset version` (commit the versions and changelogs), then `npx changeset publish` by
// someone holding the npm credentials; no script here does it.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

const run = (title, command, args, options = {}) => {
  console.log(`\n--- ${title}`);
  execFileSync(command, args, { stdio: 'inherit', ...options });
};

try {
  run('release plan (changeset status)', 'npx', [
    '--no-install',
    'changeset',
    'status',
    '--verbose',
  ]);
  run('build', 'npm', ['run', 'build']);
  run('API reports', 'npm', ['run', 'check:api']);
  run('packed tarballs (scripts/check-packages.mjs)', 'npm', ['run', 'check:packages']);
  for (const dir of readdirSync('packages')) {
    const manifest = JSON.parse(readFileSync(`packages/${dir}/package.json`, 'utf8'));
    if (manifest.private) continue;
    // npm "auto-corrects" a manifest it dislikes (e.g. drops a `./bin/...` path) and publishes
    // the corrected one: that is a failure here, not a warning.
    console.log(`\n--- npm publish --dry-run ${manifest.name}@${manifest.version}`);
    const publish = spawnSync(
      'npm',
      ['publish', '--dry-run', '--access', 'public', '--ignore-scripts', '--loglevel', 'warn'],
      { cwd: `packages/${dir}`, encoding: 'utf8' },
    );
    process.stdout.write(publish.stdout);
    process.stderr.write(publish.stderr);
    if (publish.status !== 0) throw new Error('npm publish --dry-run failed');
    if (/auto-corrected|errors corrected/.test(publish.stderr)) {
      throw new Error(`npm would correct packages/${dir}/package.json: run npm pkg fix there`);
    }
  }
} catch (error) {
  console.error(`\n✗ the release dry run failed: ${error.message}`);
  process.exit(1);
}
console.log('\nRelease dry run passed; nothing was published.');
