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
        const pending = direct(nodeRequest(req, client), client);
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
  const Linked = client ? linkedRequestClass() : null;
  if (client && !Linked) init.signal = client.signal;
  try {
    // The string is parsed once, by the Request itself.
    return Linked && client ? new Linked(url, init, client) : new Request(url, init);
  } catch (error) {
    // An unparsable Host header: keep the path on localhost. Any other failure is real.
    if (URL.canParse(url)) throw error;
    const fallback = `${protocol}://localhost${target}`;
    return Linked && client ? new Linked(fallback, init, client) : new Request(fallback, init);
  }
}

/*
 * The client-gone signal. `new Request(url, { signal })` makes the Request's signal *follow*
 * ours, and in Node's undici that costs more than the rest of a cached answer (a listener on
 * our signal, a WeakRef and a FinalizationRegistry entry: ≈ 15 µs of CPU per request under
 * load, mostly in GC). undici keeps a Request's signal in one own symbol-keyed slot, which
 * `request.signal`, `new Request(request)` and `fetch(request)` read. `LinkedRequest` (defined
 * once that slot is found) answers that slot with the client's own signal, created on first
 * read, so the Request is built without `signal` and with no follow wiring. Its `clone()` is
 * `new Request(this)`, which follows the signal as undici's `clone()` does for an init `signal`
 * (and, for a Request without a body, as here, is what `clone()` returns). All of this is
 * checked once on a probe; where it does not hold (another runtime or undici version), the
 * signal is passed in the init, as the standard says.
 */
type LinkedRequestClass = new (url: string, init: RequestInit, client: ClientState) => Request;

let linkedRequest: LinkedRequestClass | null | undefined;

function linkedRequestClass(): LinkedRequestClass | null {
  if (linkedRequest === undefined) linkedRequest = defineLinkedRequest();
  return linkedRequest;
}

function defineLinkedRequest(): LinkedRequestClass | null {
  try {
    const probe = new Request('http://localhost/');
    const slots = Object.getOwnPropertySymbols(probe).filter(
      (key) => (probe as unknown as Record<symbol, unknown>)[key] === probe.signal,
    );
    const found = slots[0];
    if (slots.length !== 1 || found === undefined) return null;
    const slot: symbol = found;

    class LinkedRequest extends Request {
      readonly #client: ClientState;

      constructor(url: string, init: RequestInit, client: ClientState) {
        super(url, init);
        this.#client = client;
      }

      get [slot](): AbortSignal {
        return this.#client.signal;
      }

      set [slot](_ownSignal: AbortSignal) {
        // undici's own signal, never aborted: the client's replaces it.
      }

      override clone(): Request {
        return new Request(this);
      }
    }

    const client = new ClientState();
    const request = new LinkedRequest('http://localhost/', {}, client);
    if (Object.hasOwn(request, slot) || request.signal !== client.signal) return null;
    const derived = [new Request(request), request.clone(), request.clone().clone()];
    if (derived.some((copy) => copy.signal.aborted)) return null;
    client.abort();
    return request.signal.aborted && derived.every((copy) => copy.signal.aborted)
      ? LinkedRequest
      : null;
  } catch {
    return null;
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
