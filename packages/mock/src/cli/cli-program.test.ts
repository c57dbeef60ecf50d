import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, type CliOutcome } from './cli-program.js';

function capture(): {
  out: string[];
  err: string[];
  output: { out(l: string): void; err(l: string): void };
} {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, output: { out: (line) => out.push(line), err: (line) => err.push(line) } };
}

const started: CliOutcome[] = [];

afterEach(async () => {
  for (const outcome of started.splice(0)) if ('server' in outcome) await outcome.server.close();
});

async function run(argv: string[]) {
  const io = capture();
  const outcome = await runCli(argv, io.output);
  started.push(outcome);
  return { ...io, outcome };
}

describe('given --help', () => {
  it('should print the usage and exit 0', async () => {
    const { outcome, out, err } = await run(['--help']);

    expect(outcome).toEqual({ exitCode: 0 });
    expect(out.join('\n')).toContain('Usage: zipteams-mock [options]');
    expect(out.join('\n')).toContain('--allow-origin <url>');
    expect(err).toEqual([]);
  });
});

describe('given a bad flag', () => {
  it('should print the problem and exit 2', async () => {
    const { outcome, out, err } = await run(['--port', 'abc']);

    expect(outcome).toEqual({ exitCode: 2 });
    expect(err).toEqual([
      'zipteams-mock: --port must be an integer from 0 to 65535 (got "abc")',
      'Run zipteams-mock --help for the options.',
    ]);
    expect(out).toEqual([]);
  });
});

describe('given a port that is in use', () => {
  it('should say so and exit 1', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      const { outcome, err } = await run(['--port', String(port)]);

      expect(outcome).toEqual({ exitCode: 1 });
      expect(err).toEqual([`zipteams-mock: port ${port} is in use; pass --port`]);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});

describe('given a free port', () => {
  it('should start and print one ready line with the base URL', async () => {
    const { outcome, out, err } = await run(['--port', '0', '--token-ttl', '120']);

    expect('server' in outcome).toBe(true);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(
      /^zipteams-mock ready at http:\/\/127\.0\.0\.1:\d+ \(api key dev-api-key, api secret dev-api-secret, token ttl 120s\)$/,
    );
    expect(err).toEqual([]);
    if ('server' in outcome) expect(out[0]).toContain(outcome.server.url);
  });

  it('should not print a custom secret, and should list frame-ancestors', async () => {
    const { out } = await run([
      '--port=0',
      '--api-key=partner',
      '--api-secret=do-not-print',
      '--allow-origin=https://a.example.com',
    ]);

    expect(out[0]).toContain('api key partner, api secret (custom)');
    expect(out[0]).toContain('frame-ancestors https://a.example.com');
    expect(out[0]).not.toContain('do-not-print');
  });

  it('should serve tokens with the given credentials', async () => {
    const { outcome } = await run(['--port=0', '--api-key=k', '--api-secret=s']);
    if (!('server' in outcome)) throw new Error('server did not start');

    const response = await fetch(`${outcome.server.url}/api/v1/partner/dashboard/auth/token`, {
      headers: {
        'x-api-key': 'k',
        'x-api-secret': 's',
        'x-tenant-id': 't',
        'x-sub-tenant-id': 's',
      },
    });

    expect(response.status).toBe(200);
  });
});
