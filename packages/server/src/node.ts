import type { IncomingMessage, ServerResponse } from 'node:http';
import { createNodeRequest } from './node-request.js';

export { createNodeRequest };

/** Any Web-standard handler, such as the one `createTokenHandler` returns. */
export type WebHandler = (request: Request) => Promise<Response>;

/** Express passes `next`; plain `node:http` does not. */
export type NodeHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  next?: (error?: unknown) => void,
) => Promise<void>;

/**
 * Adapts any `(Request) => Promise<Response>` handler to `http.createServer(...)` and to
 * Express-style middleware: a lazy `Request` in (see `createNodeRequest`), the `Response` written
 * out. A failure is passed to `next` when there is one, else answered 500.
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
