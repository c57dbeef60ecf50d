import { QueryClient } from '@tanstack/react-query';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ZipteamsCallDetails, ZipteamsDashboard, ZipteamsProvider } from '../index.js';
import { makeJwt } from '../test-utils/harness.js';

const BASE = 'https://mock.example';

function initialToken(expiresIn = 600, claims = {}) {
  const iat = Math.floor(Date.now() / 1000);
  return {
    token: makeJwt({ tenantId: 'acme', subTenantId: 'sales', iat, exp: iat + 86_400, ...claims }),
    expiresIn,
    expiresAt: new Date(Date.now() + expiresIn * 1000).toISOString(),
  };
}

const srcs = (html: string) =>
  [...html.matchAll(/<iframe[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));

describe('server rendering with an initialToken (no window, no document)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('should emit the dashboard iframe with the token in its src, shown, and fetch nothing', () => {
    const body = initialToken();
    let fetched = 0;
    const html = renderToString(
      <ZipteamsProvider queryClient={new QueryClient()} baseUrl={BASE}>
        <ZipteamsDashboard
          fetchToken={async () => {
            fetched++;
            return 'a.b.c';
          }}
          tokenKey="ssr"
          initialToken={body}
          theme="dark"
          data-testid="embed"
        />
      </ZipteamsProvider>,
    );
    expect(srcs(html)).toEqual([
      `${BASE}/view-insights?token=${encodeURIComponent(body.token)}&theme=dark`,
    ]);
    expect(html).toContain('data-state="ready"');
    expect(html).toContain('data-zipteams-frame="active"');
    expect(html).not.toMatch(/<iframe[^>]*visibility:hidden/);
    expect(html).not.toContain('role="status"');
    expect(fetched).toBe(0);
  });

  it('should emit the call-details iframe too, without a provider', () => {
    const body = initialToken();
    const html = renderToString(
      <ZipteamsCallDetails
        tokenUrl="/api/zipteams/token"
        baseUrl={BASE}
        callId="call-7"
        initialToken={body}
      />,
    );
    expect(srcs(html)).toEqual([
      `${BASE}/call-details/call-7?token=${encodeURIComponent(body.token)}`,
    ]);
  });

  it.each([
    ['already expired', initialToken(0)],
    ['malformed', { token: 'not-a-jwt', expiresIn: 600 }],
    ['without expiresIn', { token: initialToken().token } as never],
  ])('should ignore an initialToken that is %s: no iframe, loading, a warning', (_n, body) => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const html = renderToString(
      <ZipteamsDashboard tokenUrl="/api/zipteams/token" baseUrl={BASE} initialToken={body} />,
    );
    expect(html).not.toContain('<iframe');
    expect(html).toContain('data-state="loading"');
    // Effects do not run on the server: the warning comes from the browser's render.
    expect(warn).not.toHaveBeenCalled();
  });
});
