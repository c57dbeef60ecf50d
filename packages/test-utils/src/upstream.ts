import { createServer } from 'node:http';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A fake Zipteams on a real `node:http` server: each request goes to the test's listener. */
export interface FakeUpstream {
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** Every request seen so far, in order. */
  readonly requests: readonly IncomingMessage[];
  /** Stops listening and cuts every connection. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts a {@link FakeUpstream} on a free loopback port. It sends no `Date` header unless the
 * listener sets one, so tests on a fake clock decide what the upstream's clock says.
 */
export async function startUpstream(
  listener: (req: IncomingMessage, res: ServerResponse, index: number) => void,
): Promise<FakeUpstream> {
  const requests: IncomingMessage[] = [];
  const handle: RequestListener = (req, res) => {
    res.sendDate = false;
    listener(req, res, requests.push(req) - 1);
  };
  const server = createServer(handle);
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      return closing;
    },
  };
}
