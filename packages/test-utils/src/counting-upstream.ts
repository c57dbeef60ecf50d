// A fake Zipteams token API on real node:http that counts every call: per tenant, with times,
// and (optionally) enforcing a strict sliding-window rate limit so a budget overrun shows up as
// upstream 429s. Shared by the fleet tests and the bench's fleet row.
import type { ServerResponse } from 'node:http';
import { startUpstream } from './upstream.js';

export interface CountingUpstreamOptions {
  /** Time before each answer, in ms. Default 0. */
  latencyMs?: number;
  /** Token lifetime, in seconds. Default 86400. */
  lifetimeSeconds?: number;
  /** Answer 429 (Retry-After in whole seconds) above `requests` calls in any `intervalMs`. */
  limit?: { requests: number; intervalMs: number };
}

export interface UpstreamCallRecord {
  readonly tenantId: string;
  readonly subTenantId: string;
  /** `Date.now()` when the call arrived. */
  readonly at: number;
}

let serial = 0;

function jwt(payload: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part(payload)}.c2lnbmF0dXJl`;
}

/** The most calls in any half-open window of `intervalMs` (times ascending). */
export function busiestWindow(times: readonly number[], intervalMs: number): number {
  let most = 0;
  let first = 0;
  for (let last = 0; last < times.length; last++) {
    while (times[last]! - times[first]! >= intervalMs) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

export async function startCountingUpstream(options: CountingUpstreamOptions = {}) {
  const { latencyMs = 0, lifetimeSeconds = 86_400, limit } = options;
  const calls: UpstreamCallRecord[] = [];
  const accepted: number[] = [];
  const held = new Map<string, ServerResponse[]>();
  const holding = new Set<string>();
  const arrivals = new Map<string, () => void>();
  let rejected = 0;
  let rateLimitNext: number | undefined;

  const server = await startUpstream((req, res) => {
    const tenantId = String(req.headers['x-tenant-id'] ?? '');
    const subTenantId = String(req.headers['x-sub-tenant-id'] ?? '');
    const at = Date.now();
    calls.push({ tenantId, subTenantId, at });
    arrivals.get(tenantId)?.();
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (rateLimitNext !== undefined || (limit && overLimit(at, limit))) {
      const retryAfter = rateLimitNext ?? Math.ceil(limit!.intervalMs / 1000);
      rateLimitNext = undefined;
      rejected++;
      send(
        429,
        { success: false, message: `Rate limit exceeded. Try again in ${retryAfter} seconds.` },
        { 'retry-after': String(retryAfter) },
      );
      return;
    }
    accepted.push(at);
    if (holding.delete(tenantId)) {
      held.set(tenantId, [...(held.get(tenantId) ?? []), res]);
      return;
    }
    const iat = Math.floor(at / 1000);
    const token = jwt({ tenantId, subTenantId, iat, exp: iat + lifetimeSeconds, jti: ++serial });
    const answer = () =>
      send(200, {
        code: 'RESPONSE_SUCCESS',
        message: 'Request served successfully.',
        type: 'object',
        data: { token },
      });
    if (latencyMs > 0) setTimeout(answer, latencyMs);
    else answer();
  });

  function overLimit(
    at: number,
    { requests, intervalMs }: { requests: number; intervalMs: number },
  ) {
    const inWindow = accepted.filter((time) => time > at - intervalMs).length;
    return inWindow >= requests;
  }

  return {
    url: server.url,
    calls,
    /** Upstream calls made for `tenantId`. */
    countFor: (tenantId: string) => calls.filter((call) => call.tenantId === tenantId).length,
    /** Calls answered 429. */
    rejected: () => rejected,
    /** The most calls seen in any window of `intervalMs`. */
    busiest: (intervalMs: number) =>
      busiestWindow(
        calls.map((call) => call.at),
        intervalMs,
      ),
    /** The next call for `tenantId` hangs (is never answered). */
    hold: (tenantId: string) => void holding.add(tenantId),
    /** Resolves when the next call for `tenantId` arrives. */
    arrival: (tenantId: string) =>
      new Promise<void>((resolve) =>
        arrivals.set(tenantId, () => {
          arrivals.delete(tenantId);
          resolve();
        }),
      ),
    /** The next call gets 429 with this `Retry-After` (seconds). */
    rateLimitNext: (retryAfterSeconds: number) => void (rateLimitNext = retryAfterSeconds),
    close: () => {
      for (const list of held.values()) for (const res of list) res.destroy();
      return server.close();
    },
  };
}

export type CountingUpstream = Awaited<ReturnType<typeof startCountingUpstream>>;
