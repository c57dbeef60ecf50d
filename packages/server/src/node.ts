import type { IncomingMessage, ServerResponse } from 'node:http';

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
 */
export function toNodeHandler(handler: WebHandler): NodeHandler {
  return async (req, res, next) => {
    try {
      await sendNodeResponse(res, await handler(createNodeRequest(req, res)));
    } catch (error) {
      if (next) return next(error);
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    }
  };
}

/**
 * Builds a `Request` from a Node request: absolute URL from the Host header (Express's
 * `originalUrl` when mounted under a path), method, headers, and a signal that aborts when the
 * client goes away. The body is not forwarded: the token endpoint only answers GET.
 */
export function createNodeRequest(req: IncomingMessage, res?: ServerResponse): Request {
  const protocol = 'encrypted' in req.socket && req.socket.encrypted ? 'https' : 'http';
  const path = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '/';
  // Concatenated, not resolved: a path like `//other.host/` must not change the host.
  const origin = `${protocol}://${req.headers.host ?? 'localhost'}`;
  const target = path.startsWith('/') ? path : '/';
  let url: URL;
  try {
    url = new URL(origin + target);
  } catch {
    url = new URL(`${protocol}://localhost${target}`);
  }

  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name.startsWith(':')) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }

  const controller = new AbortController();
  if (res) {
    res.once('close', () => {
      if (!res.writableFinished) controller.abort();
    });
  }
  return new Request(url, { method: req.method ?? 'GET', headers, signal: controller.signal });
}

/** Writes a `Response` (status, headers including every Set-Cookie, body) to a Node response. */
export async function sendNodeResponse(res: ServerResponse, response: Response): Promise<void> {
  const body = response.body ? Buffer.from(await response.arrayBuffer()) : undefined;
  res.statusCode = response.status;
  for (const [name, value] of response.headers) {
    if (name !== 'set-cookie') res.setHeader(name, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);
  res.end(body);
}
