// A real redis-server for tests and the bench: started on a free loopback port with persistence
// off, stopped (or killed) by the caller. Debian's `redis-server` package provides the binary;
// `.ci/run` installs it when missing. REDIS_SERVER_PATH overrides where it is looked up.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';

export const REDIS_SERVER_PATH = process.env.REDIS_SERVER_PATH ?? 'redis-server';

export interface RedisServer {
  readonly port: number;
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  /** Stops the server (SIGTERM) and waits for it to exit. Safe to call twice. */
  stop(): Promise<void>;
  /** Kills the server at once (SIGKILL), as a crash would. */
  kill(): Promise<void>;
  /** Starts it again on the same port (after `stop` or `kill`), empty. */
  restart(): Promise<void>;
}

/** A port nothing listens on right now (the OS picks it; the race until redis binds is short). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function launch(port: number): Promise<ChildProcess> {
  const child = spawn(
    REDIS_SERVER_PATH,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      tmpdir(),
      '--daemonize',
      'no',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redis-server did not start within 10 s:\n${output}`));
    }, 10_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        child.stderr?.resume();
        resolve(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(
        new Error(
          `Could not run ${REDIS_SERVER_PATH} (${error.message}). Install it: ` +
            'apt-get install -y redis-server, or set REDIS_SERVER_PATH.',
        ),
      );
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code} before it was ready:\n${output}`));
    });
  });
}

function ended(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

/** Starts a redis-server on a free port (retrying once should another process take the port). */
export async function startRedisServer(): Promise<RedisServer> {
  let port = await freePort();
  let child: ChildProcess;
  try {
    child = await launch(port);
  } catch {
    port = await freePort();
    child = await launch(port);
  }
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop: () => ended(child, 'SIGTERM'),
    kill: () => ended(child, 'SIGKILL'),
    async restart() {
      await ended(child, 'SIGTERM');
      child = await launch(port);
    },
  };
}

/**
 * A connected node-redis client for `url` that reconnects quickly (tests stop and restart the
 * server) and never crashes the process on a connection error.
 */
export async function connectRedis(url: string) {
  const { createClient } = await import('redis');
  const client = createClient({
    url,
    socket: { connectTimeout: 1_000, reconnectStrategy: () => 50 },
  });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}
