import type { Plugin } from 'vite';
import { makeJwt } from '../packages/test-utils/src/index.ts';

/**
 * Tiny same-origin HTTP endpoints for browser tests of the core (real fetch, real aborts):
 * `/__test/token?ttl=S` answers a fresh unsigned JWT as JSON, `/__test/status/N` answers N,
 * `/__test/hang` never answers until the client goes away, `/__test/<app>/token` answers a token
 * of tenant `tenant-<app>` (two apps on two paths of one origin, for relative token URLs).
 */
export function testEndpoints(): Plugin {
  return {
    name: 'zipteams-test-endpoints',
    configureServer(server) {
      server.middlewares.use('/__test', (req, res) => {
        const url = new URL(req.url ?? '/', 'http://localhost');
        const app = /^\/(\w+)\/token$/.exec(url.pathname)?.[1];
        if (url.pathname === '/token' || app) {
          const iat = Math.floor(Date.now() / 1000);
          const ttl = Number(url.searchParams.get('ttl') ?? 86_400);
          const tenantId = app ? `tenant-${app}` : 'Zürich';
          const token = makeJwt({ tenantId, subTenantId: 'sales', iat, exp: iat + ttl });
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ token }));
          return;
        }
        const status = /^\/status\/(\d{3})$/.exec(url.pathname)?.[1];
        if (status) {
          res.statusCode = Number(status);
          if (status === '429') res.setHeader('retry-after', '7');
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ success: false, message: 'test status' }));
          return;
        }
        if (url.pathname === '/hang') return; // never answers
        res.statusCode = 404;
        res.end();
      });
    },
  };
}
