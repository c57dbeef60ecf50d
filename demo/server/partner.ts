/**
 * The demo's partner backend: what a partner runs next to their own app. It owns a (toy) session
 * store, decides the Zipteams tenant from the session cookie, and serves dashboard tokens through
 * `@zipteams/server`. Mounted into the Vite dev server by `scripts/start.mjs`.
 *
 * Routes (all under /api):
 *   GET    /api/session          the signed-in tenant, or { session: null }
 *   POST   /api/session          { tenantId, subTenantId } -> sets the httpOnly session cookie
 *   DELETE /api/session          signs out
 *   GET    /api/zipteams/token   the token endpoint (`createTokenHandler`)
 *   GET    /api/demo/config      what the UI needs: mock URL, token lifetime, directory
 *   POST   /api/demo/rotate      drops this session's cached token, so the next request mints one
 *   POST   /api/demo/reset       clears the token cache and resets the mock (tests)
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ServerErrorCode } from '@zipteams/embed-core/protocol';
import type { MockServer } from '@zipteams/mock';
import {
  createMemoryCache,
  createTokenHandler,
  type Tenant,
  type TokenCache,
  type TokenHandlerLogger,
} from '@zipteams/server';
import { toNodeHandler } from '@zipteams/server/node';
import {
  AGENTS,
  CALLS,
  TENANTS,
  isKnownTenant,
  type DemoConfig,
  type DemoSession,
} from './directory.ts';

export interface PartnerBackendOptions {
  /** The running mock platform (its URL is the `baseUrl`; `reset` drives its switches). */
  readonly mock: MockServer;
  readonly tokenTtlSeconds: number;
  readonly apiKey: string;
  readonly apiSecret: string;
  /** One line per token request and per handler warning; `false` for silence. */
  readonly log: ((line: string) => void) | false;
}

export type Middleware = (
  req: IncomingMessage,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void;

export interface PartnerBackend {
  readonly middleware: Middleware;
}

const COOKIE = 'demo_session';
const MAX_BODY_BYTES = 4096;

function readCookie(header: string | null | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers = {}) {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, status: number, code: string, message: string) {
  sendJson(res, status, { error: { code, message } });
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new Error('body too large');
    chunks.push(buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
}

/** A memory cache that can be emptied at once (the demo's reset switch). */
function createResettableCache(): TokenCache & { clear(): void } {
  let inner = createMemoryCache();
  return {
    get: (key) => inner.get(key),
    set: (key, value, ttl) => inner.set(key, value, ttl),
    delete: (key) => inner.delete(key),
    clear: () => {
      inner = createMemoryCache();
    },
  };
}

/** The cache key `@zipteams/server` uses for a tenant pair (documented in its README). */
const cacheKey = (tenant: Tenant) => JSON.stringify([tenant.tenantId, tenant.subTenantId]);

export function createPartnerBackend(options: PartnerBackendOptions): PartnerBackend {
  const { mock, tokenTtlSeconds } = options;
  const log = options.log || (() => undefined);
  const sessions = new Map<string, DemoSession>();
  const cache = createResettableCache();

  const sessionOf = (cookieHeader: string | null | undefined): DemoSession | null => {
    const id = readCookie(cookieHeader, COOKIE);
    return (id && sessions.get(id)) || null;
  };

  const logger: TokenHandlerLogger = {
    warn: (message, details) => log(`partner  ${message}${describe(details)}`),
    error: (message, details) => log(`partner  ${message}${describe(details)}`),
  };

  const tokenHandler = toNodeHandler(
    createTokenHandler({
      apiKey: options.apiKey,
      apiSecret: options.apiSecret,
      baseUrl: mock.url,
      // The security boundary: the tenant comes from the server-side session, never from the
      // browser's request. No session -> null -> 401.
      resolveTenant: (request) => sessionOf(request.headers.get('cookie')),
      cache,
      // Short, so a hanging Zipteams (the demo's "hang" switch) turns into a 504 the browser
      // retries within seconds.
      timeoutMs: 5_000,
      // For lifetimes up to a minute both sides' default margins are half the lifetime; a wider
      // margin here makes the browser's refresh always find the cached token due and get a new one.
      ...(tokenTtlSeconds <= 60
        ? { refreshMarginMs: Math.ceil(tokenTtlSeconds * 0.6) * 1000 }
        : {}),
      logger,
    }),
  );

  const config: DemoConfig = {
    mockUrl: mock.url,
    tokenTtlSeconds,
    tenants: TENANTS,
    agents: AGENTS,
    calls: CALLS,
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://demo.local');
    const route = `${req.method} ${url.pathname}`;
    switch (route) {
      case 'GET /api/zipteams/token': {
        const started = Date.now();
        const session = sessionOf(req.headers.cookie);
        res.once('finish', () =>
          log(
            `token    ${res.statusCode} ${session ? `${session.tenantId}/${session.subTenantId}` : '(no session)'} ${Date.now() - started} ms`,
          ),
        );
        await tokenHandler(req, res);
        return true;
      }
      case 'GET /api/session':
        sendJson(res, 200, { session: sessionOf(req.headers.cookie) });
        return true;
      case 'POST /api/session': {
        let body: unknown;
        try {
          body = await readJson(req);
        } catch {
          sendError(res, 400, 'bad_request', 'Send JSON: { "tenantId", "subTenantId" }.');
          return true;
        }
        const { tenantId, subTenantId } = (body ?? {}) as Partial<DemoSession>;
        if (
          typeof tenantId !== 'string' ||
          typeof subTenantId !== 'string' ||
          !isKnownTenant(tenantId, subTenantId)
        ) {
          // Stands for "this user may not see that tenant": the browser never picks freely.
          sendError(res, 403, 'forbidden_tenant', 'This user may not open that tenant.');
          return true;
        }
        const session: DemoSession = { tenantId, subTenantId };
        const id = randomUUID();
        sessions.set(id, session);
        // A real app adds `Secure` (HTTPS only); the demo runs on http://localhost.
        sendJson(
          res,
          200,
          { session },
          {
            'set-cookie': `${COOKIE}=${id}; HttpOnly; SameSite=Lax; Path=/`,
          },
        );
        return true;
      }
      case 'DELETE /api/session': {
        const id = readCookie(req.headers.cookie, COOKIE);
        if (id) sessions.delete(id);
        sendJson(
          res,
          200,
          { session: null },
          { 'set-cookie': `${COOKIE}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0` },
        );
        return true;
      }
      case 'GET /api/demo/config':
        sendJson(res, 200, config);
        return true;
      case 'POST /api/demo/rotate': {
        const session = sessionOf(req.headers.cookie);
        if (!session) {
          sendError(res, 401, ServerErrorCode.Unauthenticated, 'Pick a tenant first.');
          return true;
        }
        await cache.delete(cacheKey(session));
        sendJson(res, 200, { ok: true });
        return true;
      }
      case 'POST /api/demo/reset':
        cache.clear();
        mock.platform.reset();
        sendJson(res, 200, { ok: true });
        return true;
      default:
        if (url.pathname.startsWith('/api/')) {
          sendError(res, 404, 'not_found', `No route ${route}.`);
          return true;
        }
        return false;
    }
  }

  return {
    middleware(req, res, next) {
      handle(req, res).then(
        (handled) => {
          if (!handled) next();
        },
        (error: unknown) => {
          log(`partner  ${req.method} ${req.url} failed: ${String(error)}`);
          if (!res.headersSent) sendError(res, 500, 'internal_error', 'Demo backend error.');
          else res.end();
        },
      );
    },
  };
}

function describe(details: Record<string, unknown> | undefined): string {
  if (!details) return '';
  const parts = Object.entries(details).map(([key, value]) => {
    const text = value instanceof Error ? `${value.name}: ${value.message}` : String(value);
    return `${key}=${text}`;
  });
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}
