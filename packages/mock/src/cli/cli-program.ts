import { CLI_HELP, CliUsageError, parseCliArgs } from './cli-args.js';
import { MOCK_DEFAULTS } from '../options.js';
import { startMockServer, type MockServer } from '../node.js';

/** Where the CLI writes: stdout and stderr lines. */
export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

/** How a CLI run ended: an exit code, or a server that runs until it is closed. */
export type CliOutcome = { exitCode: number } | { server: MockServer };

/**
 * Runs the command line: prints help (exit 0), a usage error (exit 2), a listen error
 * (exit 1), or starts the server and prints one ready line with its URL.
 */
export async function runCli(argv: readonly string[], output: CliOutput): Promise<CliOutcome> {
  let command;
  try {
    command = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    output.err(`zipteams-mock: ${error.message}`);
    output.err('Run zipteams-mock --help for the options.');
    return { exitCode: 2 };
  }
  if (command.kind === 'help') {
    output.out(CLI_HELP);
    return { exitCode: 0 };
  }
  const { port, host, tokenTtlSeconds, apiKey, apiSecret, allowOrigins } = command;
  let server: MockServer;
  try {
    server = await startMockServer({
      port,
      host,
      tokenTtlSeconds,
      apiKey,
      apiSecret,
      allowOrigins,
    });
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'EADDRINUSE') {
      output.err(`zipteams-mock: port ${port} is in use; pass --port`);
    } else if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
      output.err(`zipteams-mock: cannot listen on host ${host}; pass --host`);
    } else if (code === 'EACCES') {
      output.err(`zipteams-mock: no permission to listen on port ${port}; pass --port`);
    } else {
      output.err(
        `zipteams-mock: could not start: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    return { exitCode: 1 };
  }
  const frames = allowOrigins.length > 0 ? `, frame-ancestors ${allowOrigins.join(' ')}` : '';
  // The default secret is a public dev value; a custom one is never echoed to logs.
  const secret = apiSecret === MOCK_DEFAULTS.apiSecret ? apiSecret : '(custom)';
  output.out(
    `zipteams-mock ready at ${server.url} (api key ${apiKey}, api secret ${secret}, token ttl ${tokenTtlSeconds}s${frames})`,
  );
  return { server };
}
