// Fails loudly (never skips) when no Chromium is available for the browser tests.
import { existsSync } from 'node:fs';

const candidate = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (!existsSync(candidate)) {
  console.error(
    [
      `No Chromium found at ${candidate}.`,
      'The browser, Storybook and end-to-end tests run in a real Chromium and are never skipped.',
      'Install one:   apt-get update && apt-get install -y chromium',
      'or point to one: CHROMIUM_PATH=/path/to/chromium npm test',
    ].join('\n'),
  );
  process.exit(1);
}
console.log(`Chromium: ${candidate}`);
