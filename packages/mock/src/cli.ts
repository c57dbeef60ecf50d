#!/usr/bin/env node
import { runCli } from './cli/cli-program.js';

const outcome = await runCli(process.argv.slice(2), {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
});

if ('exitCode' in outcome) {
  process.exitCode = outcome.exitCode;
} else {
  const { server } = outcome;
  const stop = (): void => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    server.close().then(
      () => {
        process.exitCode = 0;
      },
      (error: unknown) => {
        console.error('zipteams-mock: error while stopping:', error);
        process.exitCode = 1;
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
