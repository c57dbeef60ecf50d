/**
 * Internal, not exported by the package entries: what lets `toNodeHandler` answer for a handler
 * made by `createTokenHandler` without a Web `Response` in between.
 *
 * The handler decides its answer as a `Reply` (status, headers, JSON text). Called as a Web
 * handler it wraps the `Reply` in a `Response`; behind `toNodeHandler` the `Reply` is written to
 * the Node response as is. Building a `Response` and reading it back through `arrayBuffer()`
 * cost more than the rest of a cache hit.
 */

/** An answer of the token handler before it becomes a `Response`. */
export interface Reply {
  readonly status: number;
  /** Lowercase names, in the order a `Headers` object iterates them (sorted). */
  readonly headers: Readonly<Record<string, string>>;
  /** JSON text. */
  readonly body: string;
}

/**
 * Whether the Node client went away, and a signal for it, created only when asked for (a cached
 * answer never needs one).
 */
export interface ClientWatch {
  readonly aborted: boolean;
  readonly signal: AbortSignal;
}

/**
 * The token handler's own entry: a `Reply`, synchronously when no await was needed. `client`,
 * when given, stands in for `request.signal` (the Node adapter builds the `Request` without a
 * signal: undici's signal-following costs more than the rest of a cached answer).
 */
export type DirectHandler = (request: Request, client?: ClientWatch) => Reply | Promise<Reply>;

const directHandlers = new WeakMap<object, DirectHandler>();
const responseBodies = new WeakMap<Response, string>();

/** Marks `handler` (what `createTokenHandler` returns) as answering through `direct`. */
export function registerDirectHandler(handler: object, direct: DirectHandler): void {
  directHandlers.set(handler, direct);
}

/** The `Reply` entry of a handler made by `createTokenHandler`; undefined for any other. */
export function directHandlerOf(handler: object): DirectHandler | undefined {
  return directHandlers.get(handler);
}

/**
 * The Web answer for a `Reply`. Its body text is remembered, so `sendNodeResponse` can write it
 * without reading the body stream back (as long as nobody has touched the body).
 */
export function replyToResponse(reply: Reply): Response {
  const response = new Response(reply.body, { status: reply.status, headers: reply.headers });
  responseBodies.set(response, reply.body);
  return response;
}

/** The body text of a `Response` made by `replyToResponse`, while its body is untouched. */
export function untouchedBody(response: Response): string | undefined {
  const body = responseBodies.get(response);
  if (body === undefined || response.bodyUsed || response.body?.locked) return undefined;
  return body;
}
