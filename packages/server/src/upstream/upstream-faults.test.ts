// Faults between the handler and Zipteams, on a fake upstream on real node:http, with fake time.
import { gzipSync } from 'node:zlib';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { makeJwt, tokenEnvelope } from '@zipteams/test-utils';
import { startUpstream } from '@zipteams/test-utils/node';
import type { FakeUpstream } from '@zipteams/test-utils/node';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TokenHandlerOptions } from '../config/options.js';
import { createTokenHandler } from '../handler/token-handler.js';
import { API_KEY, API_SECRET, captureLogger } from '../test-utils/fake-upstream.js';

const MINUTE = 60_000;
const TENANT = { tenantId: 'acme', subTenantId: 'sales' };
let upstream: FakeUpstream | undefined;

afterEach(async () => {
  vi.useRealTimers();
  await upstream?.close();
  upstream = undefined;
});

/** A 200 or error body, read loosely. */
interface Body {
  token?: string;
  expiresIn?: number;
  error: { code: string };
}

type Listener = (req: IncomingMessage, res: ServerResponse, index: number) => void;

/** A token for the pair asked for, issued at `issuedAtMs`. */
function token(issuedAtMs: number, lifetimeSeconds: number, claims: Record<string, unknown> = {}) {
  const iat = Math.floor(issuedAtMs / 1000);
  return makeJwt({ ...TENANT, iat, exp: iat + lifetimeSeconds, ...claims });
}

function sendToken(res: ServerResponse, jwt: string, headers: Record<string, string> = {}) {
  res.writeHead(200, { 'content-type': 'application/json', ...headers });
  res.end(tokenEnvelope(jwt));
}

async function setup(listener: Listener, options: Partial<TokenHandlerOptions> = {}) {
  upstream = await startUpstream(listener);
  const log = captureLogger();
  const handler = createTokenHandler({
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    baseUrl: upstream.url,
    resolveTenant: () => TENANT,
    logger: log.logger,
    ...options,
  });
  const get = async () => {
    const response = await handler(new Request('https://partner.example/api/token'));
    return { status: response.status, body: (await response.json()) as Body };
  };
  return { get, log, upstream };
}

describe('given a refresh that fails while the cached token still has time left', () => {
  const START = Date.UTC(2026, 0, 15, 9, 0, 0);
  const failures: [string, Listener, Partial<TokenHandlerOptions>, number][] = [
    ['a 5xx', (_req, res) => res.writeHead(500).end('{}'), {}, 502],
    ['a 429', (_req, res) => res.writeHead(429, { 'retry-after': '5' }).end('{}'), {}, 429],
    ['a timeout', () => undefined, { timeoutMs: 50 }, 504],
    ['an unreachable upstream', (req) => req.socket.destroy(), {}, 502],
  ];

  it.each(failures)(
    'should serve the cached token on %s until the browser margin, then fail',
    async (_, fail, options, status) => {
      let now = START;
      const { get, log } = await setup(
        (req, res, index) =>
          index === 0 ? sendToken(res, token(START, 3_600)) : fail(req, res, index),
        { now: () => now, ...options },
      );
      const first = await get();
      expect(first.status).toBe(200);

      // Past the server's refresh point (45 min), before the browser's margin (54 min).
      now = START + 46 * MINUTE;
      const stale = await get();
      expect(stale.status).toBe(200);
      expect(stale.body.token).toBe(first.body.token);
      expect(stale.body.expiresIn).toBe(14 * 60);
      expect(log.calls.at(-1)?.level).toBe('warn');
      expect(log.text()).toContain('serving the cached one');

      now = START + 55 * MINUTE;
      expect((await get()).status).toBe(status);
    },
  );
});

describe('given an upstream token for someone else', () => {
  it.each([
    ['another tenant', { tenantId: 'globex' }],
    ['another subtenant', { subTenantId: 'support' }],
  ])(
    'should refuse a token for %s with 502, never cache it, and log an error',
    async (_, claims) => {
      const { get, log, upstream } = await setup((_req, res) =>
        sendToken(res, token(Date.now(), 86_400, claims)),
      );
      const answer = await get();
      expect(answer.status).toBe(502);
      expect(answer.body.error.code).toBe('bad_upstream_response');
      expect(log.calls[0]?.level).toBe('error');
      expect(log.text()).toContain('another tenant');
      await get();
      expect(upstream.requests).toHaveLength(2);
    },
  );

  it('should accept a token without tenant claims', async () => {
    const { get } = await setup((_req, res) =>
      sendToken(res, makeJwt({ iat: 1_700_000_000, exp: 1_700_086_400 })),
    );
    expect((await get()).status).toBe(200);
  });
});

describe('given a token that expired on its way, by the upstream Date header', () => {
  const ISSUED = Date.UTC(2026, 0, 15, 9, 0, 0);

  it('should refuse one already past its exp with 502 and log it', async () => {
    const { get, log } = await setup((_req, res) =>
      sendToken(res, token(ISSUED, 3_600), { date: new Date(ISSUED + 61 * MINUTE).toUTCString() }),
    );
    const answer = await get();
    expect(answer.status).toBe(502);
    expect(answer.body.error.code).toBe('bad_upstream_response');
    expect(log.calls[0]?.level).toBe('error');
    expect(log.text()).toContain('already expired');
  });

  it('should shorten the lifetime of an old one to what is left, never serve it as fresh', async () => {
    const { get } = await setup((_req, res) =>
      sendToken(res, token(ISSUED, 86_400), {
        date: new Date(ISSUED + 86_400_000 - 10 * MINUTE).toUTCString(),
      }),
    );
    const answer = await get();
    expect(answer.status).toBe(200);
    expect(answer.body.expiresIn).toBeLessThanOrEqual(600);
    expect(answer.body.expiresIn).toBeGreaterThan(590);
  });
});

describe('given a wall clock stepped back by days', () => {
  it('should never stretch expiresIn past the lifetime, and refresh on the monotonic clock', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'performance'] });
    vi.setSystemTime(Date.UTC(2026, 0, 15, 9, 0, 0));
    const { get, upstream } = await setup((_req, res) => sendToken(res, token(Date.now(), 86_400)));
    expect((await get()).body.expiresIn).toBe(86_400);

    vi.setSystemTime(Date.now() - 3 * 86_400_000);
    vi.advanceTimersByTime(10 * MINUTE);
    expect((await get()).body.expiresIn).toBe(86_400 - 600);

    // 23 h 50 min later on the monotonic clock: past the refresh point, whatever the wall says.
    vi.advanceTimersByTime(86_400_000 - 20 * MINUTE);
    await get();
    expect(upstream.requests).toHaveLength(2);
  });
});

describe('given an upstream body that does not end or inflates', () => {
  it('should stop reading an endless body at 64 KiB and answer 502', async () => {
    const { get, log } = await setup(
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"data":{"token":"');
        const chunk = 'a'.repeat(16 * 1024);
        const pump = () => {
          if (res.destroyed) return;
          res.write(chunk, () => setImmediate(pump));
        };
        pump();
      },
      { timeoutMs: 5_000 },
    );
    const answer = await get();
    expect(answer.status).toBe(502);
    expect(answer.body.error.code).toBe('bad_upstream_response');
    expect(log.text()).toContain('larger than 65536 bytes');
  });

  it('should ask for an uncompressed body and not inflate a compressed one past the cap', async () => {
    const bomb = gzipSync(Buffer.alloc(10 * 1024 * 1024, 32));
    const { get, log, upstream } = await setup((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(bomb);
    });
    const answer = await get();
    expect(upstream.requests[0]?.headers['accept-encoding']).toBe('identity');
    expect(answer.status).toBe(502);
    expect(log.text()).toContain('larger than 65536 bytes');
  });
});

describe('given a reused keep-alive connection that Zipteams resets', () => {
  // Which socket undici reuses is its choice; the reset of the second request stands for the
  // race where Zipteams closes an idle keep-alive socket just as the request goes out.
  it('should retry the idempotent GET once on a new connection', async () => {
    const { get, upstream } = await setup(
      (req, res, index) => {
        if (index === 1) return void req.socket.destroy();
        sendToken(res, token(Date.now(), 86_400));
      },
      { cache: false },
    );
    expect((await get()).status).toBe(200);
    expect((await get()).status).toBe(200);
    expect(upstream.requests).toHaveLength(3);
  });

  it('should retry only once: a second reset in a row answers 502 upstream_unreachable', async () => {
    const { get, upstream } = await setup((req) => req.socket.destroy(), { cache: false });
    const answer = await get();
    expect(answer.status).toBe(502);
    expect(answer.body.error.code).toBe('upstream_unreachable');
    expect(upstream.requests).toHaveLength(2);
  });
});
