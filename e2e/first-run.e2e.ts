import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { once } from 'node:events';
import { expect, expectReady, framePage, test } from './fixtures.ts';

/** A demo started as a newcomer starts it: `npm start`'s script, default options, free ports. */
interface StartedDemo {
  /** The "Open" URL the script printed. */
  readonly url: string;
  /** When the process was spawned (ms since the epoch). */
  readonly spawnedAt: number;
  readonly stop: () => Promise<void>;
}

// Its own Vite cache, emptied first: a fresh clone has none, and the e2e stack's is in use.
const CACHE = 'node_modules/.vite-demo-first-run';

async function startDemo(): Promise<StartedDemo> {
  rmSync(CACHE, { recursive: true, force: true });
  const spawnedAt = Date.now();
  // Port 0 for both servers: every other option is `npm start`'s default.
  const child: ChildProcess = spawn(
    process.execPath,
    ['scripts/start.mjs', '--port', '0', '--mock-port', '0'],
    { env: { ...process.env, DEMO_VITE_CACHE: CACHE, NO_COLOR: '1' }, stdio: 'pipe' },
  );
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
  };
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const printed = /Open\s+(http:\/\/\S+)/.exec(output)?.[1];
      if (printed) resolve(printed);
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`npm start exited (${code}):\n${output}`)));
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return { url, spawnedAt, stop };
}

test.describe('first run', () => {
  test.setTimeout(120_000);

  test('npm start, then the printed URL in a fresh browser: a ready dashboard with no click', async ({
    browser,
  }, testInfo) => {
    const demo = await startDemo();
    try {
      expect(demo.url).toMatch(/^http:\/\/localhost:\d+\/$/);
      const context = await browser.newContext();
      const page = await context.newPage();
      // The first screen used to be a 401 and a red badge: now nothing on the way fails.
      const failures: string[] = [];
      page.on('response', (response) => {
        if (response.status() >= 400) failures.push(`${response.status()} ${response.url()}`);
      });
      page.on('console', (message) => {
        if (message.type() === 'error') failures.push(`console.error: ${message.text()}`);
      });
      await page.goto(demo.url);
      await expectReady(page);
      expect(failures).toEqual([]);
      await expect(framePage(page)).toHaveAttribute('data-token-state', 'valid');
      testInfo.annotations.push({
        type: 'first run',
        description: `ready dashboard ${Date.now() - demo.spawnedAt} ms after npm start (cold Vite cache)`,
      });
      // Signed in to the first demo tenant, and the picker shows it.
      await expect(framePage(page)).toHaveAttribute('data-tenant-id', 'acme');
      await expect(page.getByTestId('tenant-select')).toHaveValue('acme');

      // The picker still switches tenants and signs out; a signed-out visitor stays signed out.
      await page.getByTestId('tenant-select').selectOption('globex');
      await expect(framePage(page)).toHaveAttribute('data-tenant-id', 'globex');
      await page.getByRole('button', { name: 'Sign out' }).click();
      await expect(page.getByTestId('signin-required')).toBeVisible();
      await page.reload();
      await expect(page.getByTestId('signin-required')).toBeVisible();
      await page.getByTestId('tenant-select').selectOption('initech');
      await expectReady(page);
      await context.close();

      // The same server on 127.0.0.1 (another origin to the browser) shows the dashboard too.
      const other = await browser.newContext();
      const otherPage = await other.newPage();
      await otherPage.goto(demo.url.replace('//localhost:', '//127.0.0.1:'));
      await expectReady(otherPage);
      await expect(framePage(otherPage)).toHaveAttribute('data-tenant-id', 'acme');
      await other.close();
    } finally {
      await demo.stop();
    }
  });
});
