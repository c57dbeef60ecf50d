import type { IncomingMessage, ServerResponse } from 'node:http';
import { createNodeRequest } from './node-request.js';
import type { TokenAnswer } from '../handler/respond.js';

export { createNodeRequest };

/**
 * Any Web-standard handler, such as the one `createTokenHandler` returns. One with an `answer`
 * method (the token handler's explicit seam) is answered without a `Response` in between.
 */
export type WebHandler = ((request: Request) => Promise<Response>) & {
  readonly answer?: (request: Request) => Promise<TokenAnswer>;
};

/** Express passes `next`; plain `node:http` does not. */
export type NodeHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  next?: (error?: unknown) => void,
) => Promise<void>;

/**
 * Adapts a `(Request) => Promise<Response>` handler to `http.createServer(...)` and to
 * Express-style middleware: a lazy `Request` in (see `createNodeRequest`), the answer written
 * out. A failure is passed to `next` when there is one, else answered 500.
 */
export function toNodeHandler(handler: WebHandler): NodeHandler {
  const { answer } = handler;
  return async (req, res, next) => {
    try {
      const request = createNodeRequest(req, res);
      if (answer) writeAnswer(res, await answer(request));
      else await sendNodeResponse(res, await handler(request));
    } catch (error) {
      if (next) return next(error);
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    }
  };
}

function writeAnswer(res: ServerResponse, answer: TokenAnswer): void {
  res.statusCode = answer.status;
  for (const name in answer.headers) res.setHeader(name, answer.headers[name] as string);
  res.end(answer.body);
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
