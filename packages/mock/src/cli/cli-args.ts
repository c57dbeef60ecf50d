import { parseArgs } from 'node:util';
import { isFrameAncestorSource, MOCK_DEFAULTS } from '../options.js';

/** The port the CLI listens on unless `--port` says otherwise. */
export const DEFAULT_CLI_PORT = 4010;

/** A bad command line: the CLI prints the message and exits with code 2. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
  readonly code = 'ERR_MOCK_USAGE';
}

/** What the command line asks for. */
export type CliCommand =
  | { kind: 'help' }
  | {
      kind: 'serve';
      port: number;
      host: string;
      tokenTtlSeconds: number;
      apiKey: string;
      apiSecret: string;
      allowOrigins: string[];
    };

export const CLI_HELP = `Usage: zipteams-mock [options]

A local Zipteams platform: the token API, the dashboard pages and test switches.

Options:
  --port <n>             port to listen on, 0 for a free one (default ${DEFAULT_CLI_PORT})
  --host <host>          interface to listen on (default 127.0.0.1)
  --token-ttl <seconds>  token lifetime in seconds (default ${MOCK_DEFAULTS.tokenTtlSeconds})
  --api-key <key>        partner API key to accept (default ${MOCK_DEFAULTS.apiKey})
  --api-secret <secret>  partner API secret to accept (default ${MOCK_DEFAULTS.apiSecret})
  --allow-origin <url>   origin allowed to frame the pages (repeatable; default: any)
  -h, --help             show this help

Endpoints:
  GET  /api/v1/partner/dashboard/auth/token   token API
  GET  /view-insights?token=…&theme=…&agent-id=…
  GET  /call-details/<call-id>?token=…
  GET  /__mock/stats · GET|POST|DELETE /__mock/faults · POST /__mock/reset · GET /__mock/health
`;

function integer(flag: string, value: string, min: number, max: number): number {
  const parsed = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
    throw new CliUsageError(`${flag} must be an integer from ${min} to ${max} (got "${value}")`);
  }
  return parsed;
}

function nonEmpty(flag: string, value: string): string {
  if (value.trim() === '') throw new CliUsageError(`${flag} must not be empty`);
  return value;
}

/** Reads the command line (without `node` and the script path). Throws {@link CliUsageError}. */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'token-ttl': { type: 'string' },
        'api-key': { type: 'string' },
        'api-secret': { type: 'string' },
        'allow-origin': { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new CliUsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help === true) return { kind: 'help' };
  const allowOrigins = values['allow-origin'] ?? [];
  for (const origin of allowOrigins) {
    if (!isFrameAncestorSource(origin)) {
      throw new CliUsageError(
        `--allow-origin must be an origin such as https://app.example.com (got "${origin}")`,
      );
    }
  }
  return {
    kind: 'serve',
    port: values.port === undefined ? DEFAULT_CLI_PORT : integer('--port', values.port, 0, 65_535),
    host: values.host === undefined ? '127.0.0.1' : nonEmpty('--host', values.host),
    tokenTtlSeconds:
      values['token-ttl'] === undefined
        ? MOCK_DEFAULTS.tokenTtlSeconds
        : integer('--token-ttl', values['token-ttl'], 1, 10 * 365 * 86_400),
    apiKey:
      values['api-key'] === undefined
        ? MOCK_DEFAULTS.apiKey
        : nonEmpty('--api-key', values['api-key']),
    apiSecret:
      values['api-secret'] === undefined
        ? MOCK_DEFAULTS.apiSecret
        : nonEmpty('--api-secret', values['api-secret']),
    allowOrigins,
  };
}
