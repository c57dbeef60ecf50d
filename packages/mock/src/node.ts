import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MockPlatformOptions } from './options.js';
import { createMockPlatform, type MockPlatform } from './platform.js';

/** Options of {@link startMockServer}: the platform's options plus where to listen. */
export interface MockServerOptions extends MockPlatformOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
}

/** A running mock platform on `node:http`. */
export interface MockServer {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:4010`. */
  readonly url: string;
  readonly port: number;
  readonly platform: MockPlatform;
  /** Stops listening and ends every open connection, hanging requests included. Idempotent. */
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;
/**
 * An oversized body is read on and dropped up to this much, so the 413 reaches a client that is
 * still sending instead of a reset connection; past it the connection is cut.
 */
const MAX_DRAIN_BYTES = 16 * 1024 * 1024;

class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
}

/**
 * Reads a request body of at most `MAX_BODY_BYTES`. A larger one is drained (kept out of
 * memory) before `BodyTooLargeError`: breaking out of the stream would destroy the socket.
 */
function readBody(req: IncomingMessage): Promise<Uint8Array<ArrayBuffer>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else chunks.length = 0;
      if (size > MAX_DRAIN_BYTES) req.destroy();
    });
    req.once('end', () => {
      if (size > MAX_BODY_BYTES) reject(new BodyTooLargeError('request body too large'));
      else resolve(Uint8Array.from(Buffer.concat(chunks)));
    });
    req.once('error', reject);
    req.once('close', () => {
      if (!req.complete) reject(new Error('the client went away'));
    });
  });
}

async function toRequest(
  req: IncomingMessage,
  base: string,
  signal: AbortSignal,
): Promise<Request> {
  const headers = new Headers();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i];
    const value = req.rawHeaders[i + 1];
    if (name !== undefined && value !== undefined && !name.startsWith(':')) {
      headers.append(name, value);
    }
  }
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  return new Request(new URL(req.url ?? '/', base), {
    method,
    headers,
    signal,
    ...(hasBody && { body: await readBody(req) }),
  });
}

async function writeResponse(
  res: ServerResponse,
  response: Response,
  method: string,
): Promise<void> {
  const headers: [string, string][] = [];
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers.push([name, value]);
  });
  for (const cookie of response.headers.getSetCookie()) headers.push(['set-cookie', cookie]);
  const body =
    method === 'HEAD' || response.body === null ? null : Buffer.from(await response.arrayBuffer());
  if (body !== null) headers.push(['content-length', String(body.length)]);
  res.writeHead(response.status, headers.flat());
  res.end(body ?? undefined);
}

function sendPlainError(
  res: ServerResponse,
  status: number,
  message: string,
  extraHeaders: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  const body = JSON.stringify({ success: false, message });
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    ...extraHeaders,
  });
  res.end(body);
}

/** The control API answers any origin (the demo and Storybook call it cross-origin). */
const isControlPath = (url: string | undefined) => /^\/__mock(?:[/?]|$)/.test(url ?? '');

/**
 * Adapts a `Request -> Response` handler to `node:http`. A client that disconnects aborts
 * the request's signal.
 */
export function toNodeListener(
  handler: (request: Request) => Promise<Response>,
  base: () => string,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const controller = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished)
        controller.abort(new DOMException('Client disconnected.', 'AbortError'));
    });
    void (async () => {
      let request: Request;
      try {
        request = await toRequest(req, base(), controller.signal);
      } catch (error) {
        if (error instanceof BodyTooLargeError) {
          sendPlainError(res, 413, 'Payload too large', {
            ...(isControlPath(req.url) && { 'access-control-allow-origin': '*' }),
            connection: 'close',
          });
        } else sendPlainError(res, 400, 'Bad request');
        return;
      }
      try {
        const response = await handler(request);
        if (controller.signal.aborted) return;
        await writeResponse(res, response, request.method);
      } catch {
        if (!controller.signal.aborted) sendPlainError(res, 500, 'Internal server error');
      }
    })();
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

function formatUrl(host: string, port: number): string {
  const shown = host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}`;
}

/**
 * Serves a new mock platform on `node:http`. Rejects with the listen error (e.g. code
 * `EADDRINUSE`) when the port cannot be used.
 */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const { port: requestedPort = 0, host = '127.0.0.1', ...platformOptions } = options;
  if (!Number.isInteger(requestedPort) || requestedPort < 0 || requestedPort > 65_535) {
    throw new RangeError('port must be an integer from 0 to 65535');
  }
  const platform = createMockPlatform(platformOptions);
  let url = formatUrl(host, requestedPort);
  const server = createServer(toNodeListener(platform, () => url));
  await listen(server, requestedPort, host);
  const port = (server.address() as AddressInfo).port;
  url = formatUrl(host, port);

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve, reject) => {
      platform.close();
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    });
    return closing;
  };
  return { url, port, platform, close };
}
