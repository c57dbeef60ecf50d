import { describe, expect, it } from 'vitest';
import { CliUsageError, DEFAULT_CLI_PORT, parseCliArgs } from './cli-args.js';

describe('given no flags', () => {
  it('should serve on 127.0.0.1:4010 with the dev defaults', () => {
    expect(parseCliArgs([])).toEqual({
      kind: 'serve',
      port: DEFAULT_CLI_PORT,
      host: '127.0.0.1',
      tokenTtlSeconds: 86_400,
      apiKey: 'dev-api-key',
      apiSecret: 'dev-api-secret',
      allowOrigins: [],
    });
    expect(DEFAULT_CLI_PORT).toBe(4010);
  });
});

describe('given every flag', () => {
  it('should read each value, in either --flag value or --flag=value form', () => {
    expect(
      parseCliArgs([
        '--port',
        '0',
        '--host=0.0.0.0',
        '--token-ttl',
        '30',
        '--api-key',
        'k',
        '--api-secret=s',
        '--allow-origin',
        'https://a.example.com',
        '--allow-origin=http://localhost:5173',
      ]),
    ).toEqual({
      kind: 'serve',
      port: 0,
      host: '0.0.0.0',
      tokenTtlSeconds: 30,
      apiKey: 'k',
      apiSecret: 's',
      allowOrigins: ['https://a.example.com', 'http://localhost:5173'],
    });
  });
});

describe('given --help', () => {
  it.each([['--help'], ['-h'], ['--port', 'abc', '--help']])(
    'should ask for help with %j',
    (...argv) => {
      expect(parseCliArgs(argv)).toEqual({ kind: 'help' });
    },
  );
});

describe('given a bad command line', () => {
  it.each([
    [['--port', 'abc'], '--port must be an integer from 0 to 65535 (got "abc")'],
    [['--port', '65536'], '--port must be an integer from 0 to 65535 (got "65536")'],
    [['--port=-1'], '--port must be an integer from 0 to 65535 (got "-1")'],
    [['--port', '40.5'], '--port must be an integer from 0 to 65535 (got "40.5")'],
    [['--port', ''], '--port must be an integer from 0 to 65535 (got "")'],
    [['--token-ttl', '0'], '--token-ttl must be an integer from 1 to 315360000 (got "0")'],
    [['--token-ttl', '1h'], '--token-ttl must be an integer from 1 to 315360000 (got "1h")'],
    [['--api-key', ''], '--api-key must not be empty'],
    [['--api-secret', ' '], '--api-secret must not be empty'],
    [['--host='], '--host must not be empty'],
    [
      ['--allow-origin', 'https://a.test https://b.test'],
      '--allow-origin must be an origin such as https://app.example.com (got "https://a.test https://b.test")',
    ],
  ])('should refuse %j with a clear message', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(new CliUsageError(message));
  });

  it.each([[['--colour', 'red']], [['extra']], [['--port']], [['--help=yes']]])(
    'should refuse %j as a usage error',
    (argv) => {
      expect(() => parseCliArgs(argv)).toThrow(CliUsageError);
    },
  );
});
