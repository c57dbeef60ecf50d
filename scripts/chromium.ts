/**
 * The one real Chromium every browser test, story test, e2e test and benchmark uses: Debian's
 * `/usr/bin/chromium` (or `CHROMIUM_PATH`). Nothing here ever downloads a browser. The flags run
 * it as root in a sandbox-less container and keep it off the (closed) network.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
