// A server under load, in its own process so the load generator does not share its core:
// `zipteams` is @zipteams/server on node:http (toNodeHandler), `bare` a plain node:http server
// answering the same JSON. Reports its URL over IPC and runs until the parent disconnects.
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTokenHandler } from '@zipteams/server';
import { toNodeHandler } from '@zipteams/server/node';

export interface ChildOptions {
  readonly kind: 'zipteams' | 'bare';
  /** zipteams: the mock platform's URL. bare: a token to answer with. */
  readonly upstream: string;
}

export const TOKEN_PATH = '/api/zipteams/token';

function zipteamsListener(upstream: string): RequestListener {
  const handler = createTokenHandler({
    apiKey: 'dev-api-key',
    apiSecret: 'dev-api-secret',
    baseUrl: upstream,
    logger: false,
    resolveTenant: () => ({ tenantId: 'acme', subTenantId: 'sales' }),
  });
  const node = toNodeHandler(handler);
  return (req, res) => void node(req, res);
}

function bareListener(token: string): RequestListener {
  const expiresAt = Date.now() + 86_400_000;
  return (_req, res) => {
    const now = Date.now();
    const body = JSON.stringify({
      token,
      expiresIn: Math.max(0, Math.floor((expiresAt - now) / 1000)),
      expiresAt: new Date(expiresAt).toISOString(),
    });
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(body);
  };
}

const options = JSON.parse(process.argv[2] ?? '{}') as ChildOptions;
const server = createServer(
  options.kind === 'zipteams' ? zipteamsListener(options.upstream) : bareListener(options.upstream),
);
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.send?.({ url: `http://127.0.0.1:${port}${TOKEN_PATH}` });
});
process.on('disconnect', () => process.exit(0));
