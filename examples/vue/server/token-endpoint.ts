/**
 * A stand-in for your backend: `GET /api/zipteams/token` inside Vite's dev and preview servers,
 * so the example runs alone. In your app this is your server (see the partner guide's Express and
 * Next.js sections); the Vue code does not change. Credentials come from the real environment.
 */
import { createTokenHandler } from '@zipteams/server';
import { toNodeHandler, type NodeHandler } from '@zipteams/server/node';
import type { Connect, Plugin } from 'vite';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Set ${name} in the environment (see README.md).`);
  return value;
}

let endpoint: NodeHandler | undefined;

/** Created on first request, so `vite build` needs no credentials. */
function tokenEndpoint(): NodeHandler {
  endpoint ??= toNodeHandler(
    createTokenHandler({
      apiKey: required('ZIPTEAMS_API_KEY'),
      apiSecret: required('ZIPTEAMS_API_SECRET'),
      baseUrl: process.env.ZIPTEAMS_API_URL, // unset = https://api.zipteams.com
      // Your session decides the tenant; this stand-in has one signed-in demo user. It answers
      // only requests that carry the header the app sets through `tokenRequestInit`.
      resolveTenant: (request) =>
        request.headers.get('x-zipteams-embed') === '1'
          ? { tenantId: 'acme', subTenantId: 'sales' }
          : null,
    }),
  );
  return endpoint;
}

const mount = (middlewares: Connect.Server) =>
  middlewares.use((req, res, next) => {
    if (req.url?.split('?')[0] !== '/api/zipteams/token') return next();
    void tokenEndpoint()(req, res, next);
  });

/** Serves the token endpoint from `vite` (dev) and `vite preview` (the production build). */
export function zipteamsTokenEndpoint(): Plugin {
  return {
    name: 'zipteams-token-endpoint',
    configureServer: (server) => void mount(server.middlewares),
    configurePreviewServer: (server) => void mount(server.middlewares),
  };
}
