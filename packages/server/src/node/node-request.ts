import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

/**
 * The Node adapter's one seam: a `Request` for a Node request, built lazily (the approach of
 * Hono's node-server). `method`, `url`, `headers` and `signal` are answered from the Node request
 * without undici; anything else (`body`, `clone()`, `text()`, …) builds the real `Request` on
 * first use and delegates to it. `instanceof Request` holds.
 */
export function createNodeRequest(req: IncomingMessage, res?: ServerResponse): Request {
  const request = Object.create(lazyRequestPrototype) as LazyRequest;
  request[SOURCE] = { req, res };
  return request as unknown as Request;
}

const SOURCE = Symbol('node request');
const REAL = Symbol('real request');
const HEADERS = Symbol('headers');
const SIGNAL = Symbol('signal');

interface LazyRequest {
  [SOURCE]: { req: IncomingMessage; res: ServerResponse | undefined };
  [REAL]?: Request;
  [HEADERS]?: Headers;
  [SIGNAL]?: AbortSignal;
}

function urlOf({ req }: LazyRequest[typeof SOURCE]): string {
  const protocol = 'encrypted' in req.socket && req.socket.encrypted ? 'https' : 'http';
  const path = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '/';
  // Concatenated, not resolved: a path like `//other.host/` must not change the host.
  const target = path.startsWith('/') ? path : '/';
  const url = `${protocol}://${req.headers.host ?? 'localhost'}${target}`;
  // An unparsable Host header: keep the path on localhost.
  return URL.canParse(url) ? url : `${protocol}://localhost${target}`;
}

function headersOf(source: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(source)) {
    if (value === undefined || name.startsWith(':')) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  return headers;
}

/** Aborts once the client goes away before its answer is finished (never without `res`). */
function signalOf({ res }: LazyRequest[typeof SOURCE]): AbortSignal {
  const controller = new AbortController();
  res?.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}

function realRequest(self: LazyRequest): Request {
  self[REAL] ??= new Request(urlOf(self[SOURCE]), {
    method: self[SOURCE].req.method ?? 'GET',
    headers: lazy(self, HEADERS, () => headersOf(self[SOURCE].req.headers)),
    signal: lazy(self, SIGNAL, () => signalOf(self[SOURCE])),
  });
  return self[REAL];
}

function lazy<K extends typeof HEADERS | typeof SIGNAL>(
  self: LazyRequest,
  key: K,
  make: () => NonNullable<LazyRequest[K]>,
): NonNullable<LazyRequest[K]> {
  return (self[key] ??= make()) as NonNullable<LazyRequest[K]>;
}

const lazyRequestPrototype: object = Object.create(Request.prototype, {
  method: {
    get(this: LazyRequest) {
      return this[SOURCE].req.method ?? 'GET';
    },
  },
  url: {
    get(this: LazyRequest) {
      return urlOf(this[SOURCE]);
    },
  },
  headers: {
    get(this: LazyRequest) {
      return lazy(this, HEADERS, () => headersOf(this[SOURCE].req.headers));
    },
  },
  signal: {
    get(this: LazyRequest) {
      return lazy(this, SIGNAL, () => signalOf(this[SOURCE]));
    },
  },
});

// Everything else: the real Request's, built on first use (the body is not forwarded: the token
// endpoint only answers GET).
for (const name of Object.getOwnPropertyNames(Request.prototype)) {
  if (name === 'constructor' || Object.hasOwn(lazyRequestPrototype, name)) continue;
  const descriptor = Object.getOwnPropertyDescriptor(Request.prototype, name);
  if (!descriptor) continue;
  if (typeof descriptor.value === 'function') {
    Object.defineProperty(lazyRequestPrototype, name, {
      value(this: LazyRequest, ...args: unknown[]) {
        const real = realRequest(this);
        return (Reflect.get(real, name) as (...a: unknown[]) => unknown).apply(real, args);
      },
    });
  } else if (descriptor.get) {
    Object.defineProperty(lazyRequestPrototype, name, {
      get(this: LazyRequest) {
        return Reflect.get(realRequest(this), name);
      },
    });
  }
}
