import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { directHandlerOf, untouchedBody } from './reply.js';
import type { Reply } from './reply.js';

/** Any Web-standard handler, such as the one `createTokenHandler` returns. */
export type WebHandler = (request: Request) => Promise<Response>;

/** Express passes `next`; plain `node:http` does not. */
export type NodeHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  next?: (error?: unknown) => void,
) => Promise<void>;

/**
 * Adapts a `(Request) => Promise<Response>` handler to `http.createServer(...)` and to
 * Express-style middleware. A failure is passed to `next` when there is one, else answered 500.
 *
 * A handler made by `createTokenHandler` is answered without a `Response` in between: its
 * status, headers and JSON text go to `res` directly (the same bytes the `Response` would give).
 */
export function toNodeHandler(handler: WebHandler): NodeHandler {
  const direct = directHandlerOf(handler);
  if (direct) {
    return async (req, res, next) => {
      try {
        const client = watchClient(res);
        // The client-gone signal goes to the handler beside the Request, not inside it.
        const pending = direct(nodeRequest(req, undefined), client);
        writeReply(res, pending instanceof Promise ? await pending : pending);
      } catch (error) {
        fail(res, error, next);
      }
    };
  }
  return async (req, res, next) => {
    try {
      await sendNodeResponse(res, await handler(createNodeRequest(req, res)));
    } catch (error) {
      fail(res, error, next);
    }
  };
}

function fail(res: ServerResponse, error: unknown, next?: (error?: unknown) => void): void {
  if (next) return next(error);
  if (!res.headersSent) res.statusCode = 500;
  res.end();
}

/**
 * Builds a `Request` from a Node request: absolute URL from the Host header (Express's
 * `originalUrl` when mounted under a path), method, headers, and a signal that aborts when the
 * client goes away. The body is not forwarded: the token endpoint only answers GET.
 */
export function createNodeRequest(req: IncomingMessage, res?: ServerResponse): Request {
  return nodeRequest(req, res ? watchClient(res) : undefined);
}

/**
 * Whether the client went away before its answer was finished, and the `AbortSignal` for it,
 * made only when someone asks: Node's `AbortSignal` is costly to create, and a cached answer
 * never needs one.
 */
class ClientState {
  aborted = false;
  #controller: AbortController | undefined;

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.#controller?.abort();
  }

  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.aborted) this.#controller.abort();
    }
    return this.#controller.signal;
  }
}

function watchClient(res: ServerResponse): ClientState {
  const client = new ClientState();
  res.once('close', () => {
    if (!res.writableFinished) client.abort();
  });
  return client;
}

function nodeRequest(req: IncomingMessage, client: ClientState | undefined): Request {
  const protocol = 'encrypted' in req.socket && req.socket.encrypted ? 'https' : 'http';
  const path = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '/';
  // Concatenated, not resolved: a path like `//other.host/` must not change the host.
  const target = path.startsWith('/') ? path : '/';
  const url = `${protocol}://${req.headers.host ?? 'localhost'}${target}`;
  const init: RequestInit = { method: req.method ?? 'GET', headers: requestHeaders(req.headers) };
  // Without a client to watch nothing aborts: the Request's own (never aborted) signal will do.
  if (client) init.signal = client.signal;
  try {
    // The string is parsed once, by the Request itself.
    return new Request(url, init);
  } catch (error) {
    // An unparsable Host header: keep the path on localhost. Any other failure is real.
    if (URL.canParse(url)) throw error;
    return new Request(`${protocol}://localhost${target}`, init);
  }
}

/**
 * The Node headers as `Request` headers. Usually they are all single strings and pass as they
 * are; an array (repeated `set-cookie`) or an HTTP/2 pseudo-header needs a copy.
 */
function requestHeaders(source: IncomingHttpHeaders): HeadersInit {
  for (const name in source) {
    if (!Object.hasOwn(source, name)) continue;
    if (typeof source[name] !== 'string' || name.startsWith(':')) return copyHeaders(source);
  }
  return source as Record<string, string>;
}

function copyHeaders(source: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(source)) {
    if (value === undefined || name.startsWith(':')) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  return headers;
}

/** Writes a `Reply` of the token handler: what `sendNodeResponse` writes for its `Response`. */
function writeReply(res: ServerResponse, reply: Reply): void {
  res.statusCode = reply.status;
  const { headers } = reply;
  for (const name in headers) res.setHeader(name, headers[name] as string);
  res.end(reply.body);
}

/** Writes a `Response` (status, headers including every Set-Cookie, body) to a Node response. */
export async function sendNodeResponse(res: ServerResponse, response: Response): Promise<void> {
  // A Response made by the token handler, body untouched: its text is known, no stream to read.
  const known = untouchedBody(response);
  const body = known ?? (response.body ? Buffer.from(await response.arrayBuffer()) : undefined);
  res.statusCode = response.status;
  for (const [name, value] of response.headers) {
    if (name !== 'set-cookie') res.setHeader(name, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);
  res.end(body);
}
