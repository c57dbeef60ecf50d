import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `/strict/`: the element on a strict page, as a security-reviewed partner serves it: a fresh
 * nonce per request in the partner guide's Content-Security-Policy (no 'unsafe-inline'), Trusted
 * Types on, and the element's production build from packages/element/dist (`npm run build`).
 * Query switches, for the e2e tests and for trying it: `?csp=off` (no policy), `?frame-src=off`
 * (the policy forgets the Zipteams origin), `?trusted-types=off`, `?token=cross-origin` (the
 * token endpoint on this server's other loopback name, an origin the policy does not allow).
 */
const TEMPLATE = fileURLToPath(new URL('../demo/strict.html', import.meta.url));
const ELEMENT_DIST = fileURLToPath(new URL('../packages/element/dist/', import.meta.url));

/** The policy the partner guide gives for a plain page. */
export function strictPolicy({ nonce, zipteamsOrigin, frameSrc = true, trustedTypes = true }) {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(frameSrc ? [`frame-src ${zipteamsOrigin}`] : []),
    ...(trustedTypes ? ["require-trusted-types-for 'script'"] : []),
  ].join('; ');
}

/** The page's token URL: its own origin, or (`?token=cross-origin`) its other loopback name. */
function tokenUrl(req, url) {
  const path = '/api/zipteams/token';
  if (url.searchParams.get('token') !== 'cross-origin') return path;
  const host = req.headers.host ?? 'localhost';
  const other = host.startsWith('localhost')
    ? host.replace('localhost', '127.0.0.1')
    : host.replace(/^[^:]+/, 'localhost');
  return `http://${other}${path}`;
}

/**
 * A visitor with no demo session is signed in as the demo's first tenant, as the home page does
 * (where a partner's login would have), so `/strict/` opened first shows a dashboard, not a 401.
 * Returns the session cookie to set, if any.
 */
async function demoSignIn(req) {
  const origin = `http://${req.headers.host}`;
  const cookie = req.headers.cookie ?? '';
  const { session } = await (await fetch(`${origin}/api/session`, { headers: { cookie } })).json();
  if (session) return undefined;
  const { tenants } = await (await fetch(`${origin}/api/demo/config`)).json();
  const tenant = tenants?.[0];
  const team = tenant?.subTenants?.[0];
  if (!team) return undefined;
  const answer = await fetch(`${origin}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenantId: tenant.id, subTenantId: team.id }),
  });
  return answer.headers.get('set-cookie') ?? undefined;
}

/** Answers `/strict/…` requests; calls `next` for anything else. */
export function strictPageMiddleware(zipteamsOrigin) {
  return async (req, res, next) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/strict/' || url.pathname === '/strict') {
      const nonce = randomBytes(16).toString('base64');
      const off = (name) => url.searchParams.get(name) === 'off';
      const html = (await readFile(TEMPLATE, 'utf8'))
        .replaceAll('__NONCE__', nonce)
        .replaceAll('__ZIPTEAMS_ORIGIN__', zipteamsOrigin())
        .replaceAll('__TOKEN_URL__', tokenUrl(req, url));
      const signedIn = await demoSignIn(req).catch(() => undefined);
      if (signedIn) res.setHeader('set-cookie', signedIn);
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.setHeader('cache-control', 'no-store');
      if (!off('csp')) {
        res.setHeader(
          'content-security-policy',
          strictPolicy({
            nonce,
            zipteamsOrigin: zipteamsOrigin(),
            frameSrc: !off('frame-src'),
            trustedTypes: !off('trusted-types'),
          }),
        );
      }
      res.end(html);
      return;
    }
    if (url.pathname.startsWith('/strict/element/')) {
      const path = normalize(url.pathname.slice('/strict/element/'.length));
      const body = path.startsWith('..')
        ? undefined
        : await readFile(join(ELEMENT_DIST, path)).catch(() => undefined);
      if (!body) {
        res.statusCode = 404;
        res.end('Not built: run `npm run build` for packages/element/dist.');
        return;
      }
      res.setHeader('content-type', extname(path) === '.js' ? 'text/javascript' : 'text/plain');
      res.end(body);
      return;
    }
    next();
  };
}
