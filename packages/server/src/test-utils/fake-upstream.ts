import { inspect } from 'node:util';
import { makeJwt } from '@zipteams/test-utils';
import type { TokenHandlerLogger } from '../config/logger.js';
import type { FetchLike } from '../upstream/request-upstream-token.js';

export const API_KEY = 'pk_live_KEY-0123456789';
export const API_SECRET = 'sk_live_SECRET-9876543210';

export interface UpstreamCall {
  url: string;
  method: string;
  headers: Record<string, string>;
  signal: AbortSignal | undefined;
}

export type Responder = (call: UpstreamCall, index: number) => Response | Promise<Response>;

/**
 * A fake `fetch` for the Zipteams token API: records every call and answers with the
 * scripted responders in order (the last one repeats), or mints a JWT for the call's tenant.
 */
export function fakeUpstream(...responders: Responder[]) {
  const calls: UpstreamCall[] = [];
  const fetch: FetchLike = async (input, init) => {
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => {
      headers[name] = value;
    });
    const call: UpstreamCall = {
      url: input,
      method: init.method ?? 'GET',
      headers,
      signal: init.signal ?? undefined,
    };
    const index = calls.push(call) - 1;
    const responder = responders[Math.min(index, responders.length - 1)] ?? mint();
    return responder(call, index);
  };
  return { fetch, calls };
}

export { makeJwt };

let serial = 0;

/** A responder that answers 200 with a fresh JWT for the call's tenant pair. */
export function mint(lifetimeSeconds = 86_400, iat = 1_700_000_000): Responder {
  return (call) =>
    tokenEnvelope(
      makeJwt({
        tenantId: call.headers['x-tenant-id'],
        subTenantId: call.headers['x-sub-tenant-id'],
        iat,
        exp: iat + lifetimeSeconds,
        jti: `t${++serial}`,
      }),
    );
}

export function tokenEnvelope(token: unknown): Response {
  return Response.json({
    code: 'RESPONSE_SUCCESS',
    message: 'Request served successfully.',
    type: 'object',
    data: { token },
  });
}

export function upstreamError(
  status: number,
  message?: string,
  headers?: Record<string, string>,
): Responder {
  return () =>
    Response.json(message === undefined ? { success: false } : { success: false, message }, {
      status,
      headers,
    });
}

/** A responder that never answers, and fails like fetch does when its signal aborts. */
export const hang: Responder = (call) =>
  new Promise<Response>((_, reject) => {
    call.signal?.addEventListener('abort', () => reject(call.signal?.reason));
  });

export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A logger that keeps every call, and the whole of it as text for "never contains" checks. */
export function captureLogger() {
  const calls: { level: 'warn' | 'error'; args: unknown[] }[] = [];
  const logger: TokenHandlerLogger = {
    warn: (...args) => void calls.push({ level: 'warn', args }),
    error: (...args) => void calls.push({ level: 'error', args }),
  };
  const text = () => calls.map((call) => inspect(call.args, { depth: 10 })).join('\n');
  return { logger, calls, text };
}

export function decodePayload(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
}

export function getRequest(url = 'https://partner.example/api/zipteams-token', init?: RequestInit) {
  return new Request(url, init);
}
