import { SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { formatCountdown } from './html.js';
import { MOCK_DEFAULTS } from '../options.js';
import { readyScript } from './pages.js';
import { createMockPlatform, type MockPlatform } from '../platform.js';
import { get, manualClock, requestToken } from '../test-utils/requests.js';

const ISSUED_AT_MS = Date.UTC(2026, 0, 15, 9, 30, 0);
const TTL = 3600;

async function setup(options: Parameters<typeof createMockPlatform>[0] = {}): Promise<{
  platform: MockPlatform;
  clock: ReturnType<typeof manualClock>;
  token: string;
}> {
  const clock = manualClock(ISSUED_AT_MS);
  const platform = createMockPlatform({ now: clock.now, tokenTtlSeconds: TTL, ...options });
  const token = await requestToken(platform);
  return { platform, clock, token };
}

async function open(
  platform: MockPlatform,
  pathAndQuery: string,
): Promise<{ status: number; html: string; headers: Headers }> {
  const response = await platform(get(pathAndQuery));
  return { status: response.status, html: await response.text(), headers: response.headers };
}

/** The text of every `<script` element, in order; any attribute on a script makes it `null`. */
function scriptBodies(html: string): (string | null)[] {
  return [...html.matchAll(/<script([^>]*)>(.*?)<\/script>/gs)].map(([, attrs, body]) =>
    attrs === '' ? (body ?? '') : null,
  );
}

/** Matches the countdown script (the only script other than the ready handshake). */
const COUNTDOWN = expect.stringContaining('setInterval(tick,1000)') as unknown as string;

function rootTag(html: string): string {
  return /<main\b[^>]*>/.exec(html)?.[0] ?? '';
}

function signWith(secret: string, claims: Record<string, unknown>, iat: number, exp: number) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(new TextEncoder().encode(secret));
}

describe('given a valid token on /view-insights', () => {
  it('should render the insights page with its markers', async () => {
    const { platform, token } = await setup();

    const page = await open(platform, `/view-insights?token=${token}`);

    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(rootTag(page.html)).toBe(
      `<main class="zt" data-zipteams-page="insights" data-tenant-id="acme" data-sub-tenant-id="sales-west" data-theme="light" data-token-exp="${ISSUED_AT_MS / 1000 + TTL}" data-token-expires-in="3600" data-token-state="valid">`,
    );
  });

  it('should show the tenant, the subtenant and the time left', async () => {
    const { platform, clock, token } = await setup();
    clock.advance(61_000);

    const { html } = await open(platform, `/view-insights?token=${token}`);

    expect(html).toContain('Tenant <b>acme</b>');
    expect(html).toContain('Subtenant <b>sales-west</b>');
    expect(html).toContain('Token expires in <span data-zipteams-countdown>58:59</span>');
    expect(rootTag(html)).toContain('data-token-expires-in="3539"');
  });

  it('should include the ready handshake, the live countdown script and no external asset', async () => {
    const { platform, token } = await setup();

    const { html } = await open(platform, `/view-insights?token=${token}`);

    expect(html.match(/<script>/g)).toHaveLength(2);
    expect(html).toContain(`<script>${readyScript('insights')}</script>`);
    expect(html).toContain('setInterval(tick,1000)');
    expect(html).not.toMatch(/<script[^>]+src=|<link\b|<img\b|url\(|@import/);
  });

  it('should show the agent when agent-id is given', async () => {
    const { platform, token } = await setup();

    const { html } = await open(platform, `/view-insights?token=${token}&agent-id=agent-7`);

    expect(rootTag(html)).toContain('data-agent-id="agent-7"');
    expect(html).toContain('Agent <b>agent-7</b>');
    expect(html).toContain('Insights for agent agent-7');
  });

  it('should leave out data-agent-id when agent-id is absent or empty', async () => {
    const { platform, token } = await setup();

    const { html } = await open(platform, `/view-insights?token=${token}&agent-id=`);

    expect(rootTag(html)).not.toContain('data-agent-id');
  });

  it.each([
    ['dark', 'dark'],
    ['light', 'light'],
    ['neon', 'light'],
    ['DARK', 'light'],
  ])('should render theme=%s as %s', async (theme, expected) => {
    const { platform, token } = await setup();

    const { html } = await open(platform, `/view-insights?token=${token}&theme=${theme}`);

    expect(html).toContain(`<html lang="en" data-theme="${expected}">`);
    expect(rootTag(html)).toContain(`data-theme="${expected}"`);
  });

  it('should render the same page for the same ids and clock', async () => {
    const first = await setup();
    const second = await setup();

    const a = await open(first.platform, `/view-insights?token=${first.token}&agent-id=a1`);
    const b = await open(second.platform, `/view-insights?token=${second.token}&agent-id=a1`);

    expect(a.html).toBe(b.html);
  });

  it('should render different data for a different agent', async () => {
    const { platform, token } = await setup();

    const a = await open(platform, `/view-insights?token=${token}&agent-id=a1`);
    const b = await open(platform, `/view-insights?token=${token}&agent-id=a2`);
    const table = (html: string) => /<tbody>.*<\/tbody>/s.exec(html)?.[0];

    expect(table(a.html)).not.toBe(table(b.html));
  });

  it('should never echo the token', async () => {
    const { platform, token } = await setup();
    const signature = token.split('.')[2] ?? '';

    const { html } = await open(platform, `/view-insights?token=${token}&theme=dark&agent-id=x`);

    expect(html).not.toContain(token);
    expect(html).not.toContain(signature);
  });

  it('should keep the token out of referrers and caches', async () => {
    const { platform, token } = await setup();

    const { headers } = await open(platform, `/view-insights?token=${token}`);

    expect(headers.get('referrer-policy')).toBe('no-referrer');
    expect(headers.get('cache-control')).toBe('no-store');
  });
});

describe('given a valid token on /call-details/:callId', () => {
  it('should render the call page with its markers', async () => {
    const { platform, token } = await setup();

    const page = await open(platform, `/call-details/call-123?token=${token}&theme=dark`);

    expect(page.status).toBe(200);
    expect(rootTag(page.html)).toBe(
      `<main class="zt" data-zipteams-page="call-details" data-tenant-id="acme" data-sub-tenant-id="sales-west" data-theme="dark" data-token-exp="${ISSUED_AT_MS / 1000 + TTL}" data-token-expires-in="3600" data-token-state="valid" data-call-id="call-123">`,
    );
    expect(page.html).toContain('Call <b>call-123</b>');
    expect(page.html).not.toContain(token);
  });

  it('should decode a percent-encoded call id', async () => {
    const { platform, token } = await setup();

    const { html } = await open(platform, `/call-details/call%20%C3%A9?token=${token}`);

    expect(rootTag(html)).toContain('data-call-id="call é"');
  });

  it('should answer 404 for a call path with more segments or a broken escape', async () => {
    const { platform, token } = await setup();

    expect((await open(platform, `/call-details/a/b?token=${token}`)).status).toBe(404);
    expect((await open(platform, `/call-details/%E0%A4%A?token=${token}`)).status).toBe(404);
    expect((await open(platform, `/call-details/?token=${token}`)).status).toBe(404);
  });
});

describe('given hostile ids', () => {
  const tenant = '<script>alert("tenant")</script>';
  const subTenant = `"quoted" & 'single'`;

  it('should escape the tenant, subtenant and agent id everywhere', async () => {
    const clock = manualClock(ISSUED_AT_MS);
    const platform = createMockPlatform({ now: clock.now });
    const token = await requestToken(platform, {
      'x-tenant-id': tenant,
      'x-sub-tenant-id': subTenant,
    });
    const agent = encodeURIComponent('"><img src=x onerror=alert(1)>');

    const { html } = await open(platform, `/view-insights?token=${token}&agent-id=${agent}`);

    expect(html.match(/<script/g)).toHaveLength(2);
    expect(scriptBodies(html)).toEqual([readyScript('insights'), COUNTDOWN]);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(&quot;tenant&quot;)&lt;/script&gt;');
    expect(rootTag(html)).toContain(
      'data-sub-tenant-id="&quot;quoted&quot; &amp; &#39;single&#39;"',
    );
    expect(rootTag(html)).toContain('data-agent-id="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"');
  });

  it('should escape a call id with markup and quotes', async () => {
    const { platform, token } = await setup();

    const { html } = await open(platform, `/call-details/%3Cscript%3E%22x?token=${token}`);

    expect(html.match(/<script/g)).toHaveLength(2);
    expect(scriptBodies(html)).toEqual([readyScript('call-details'), COUNTDOWN]);
    expect(rootTag(html)).toContain('data-call-id="&lt;script&gt;&quot;x"');
    expect(html).toContain('Call &lt;script&gt;&quot;x</h1>');
  });
});

describe('given a token that does not open the page', () => {
  it('should answer 401 "missing" without a token', async () => {
    const { platform } = await setup();

    const page = await open(platform, '/view-insights');
    const empty = await open(platform, '/call-details/c1?token=');

    expect(page.status).toBe(401);
    expect(rootTag(page.html)).toContain('data-zipteams-page="error" data-error="missing"');
    expect(empty.status).toBe(401);
    expect(rootTag(empty.html)).toContain('data-error="missing"');
  });

  it('should answer 401 "expired" once the clock reaches exp', async () => {
    const { platform, clock, token } = await setup();

    clock.advance(TTL * 1000 - 1000);
    const lastSecond = await open(platform, `/view-insights?token=${token}`);
    clock.advance(1000);
    const expired = await open(platform, `/view-insights?token=${token}`);

    expect(lastSecond.status).toBe(200);
    expect(rootTag(lastSecond.html)).toContain('data-token-expires-in="1"');
    expect(expired.status).toBe(401);
    expect(rootTag(expired.html)).toContain('data-error="expired"');
    expect(expired.html).toContain('Session expired');
  });

  it('should answer 401 "invalid" for a tampered signature', async () => {
    const { platform, token } = await setup();
    const [header, payload, signature = ''] = token.split('.');
    const flipped = `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;

    const page = await open(platform, `/view-insights?token=${header}.${payload}.${flipped}`);

    expect(page.status).toBe(401);
    expect(rootTag(page.html)).toContain('data-error="invalid"');
  });

  it('should answer 401 "invalid" for a tampered payload', async () => {
    const { platform, token } = await setup();
    const [header, , signature] = token.split('.');
    const payload = Buffer.from(
      JSON.stringify({ tenantId: 'other', subTenantId: 'sales-west', iat: 1, exp: 9_999_999_999 }),
    ).toString('base64url');

    const page = await open(platform, `/view-insights?token=${header}.${payload}.${signature}`);

    expect(rootTag(page.html)).toContain('data-error="invalid"');
  });

  it('should answer 401 "invalid" for a token signed with another key, even if expired', async () => {
    const { platform } = await setup();
    const iat = ISSUED_AT_MS / 1000;
    const claims = { tenantId: 'acme', subTenantId: 'sales-west' };
    const valid = await signWith('someone-elses-key', claims, iat, iat + 60);
    const expired = await signWith('someone-elses-key', claims, iat - 120, iat - 60);

    expect(rootTag((await open(platform, `/view-insights?token=${valid}`)).html)).toContain(
      'data-error="invalid"',
    );
    expect(rootTag((await open(platform, `/view-insights?token=${expired}`)).html)).toContain(
      'data-error="invalid"',
    );
  });

  it('should answer 401 "invalid" for an unsigned token, garbage, or missing claims', async () => {
    const { platform } = await setup();
    const iat = ISSUED_AT_MS / 1000;
    const unsigned = new UnsecuredJWT({ tenantId: 'acme', subTenantId: 'sales-west' })
      .setIssuedAt(iat)
      .setExpirationTime(iat + 60)
      .encode();
    const noTenant = await signWith(
      MOCK_DEFAULTS.signingSecret,
      { subTenantId: 's' },
      iat,
      iat + 60,
    );
    const noExp = await new SignJWT({ tenantId: 'a', subTenantId: 's' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt(iat)
      .sign(new TextEncoder().encode(MOCK_DEFAULTS.signingSecret));

    for (const token of [unsigned, 'not-a-jwt', noTenant, noExp]) {
      const page = await open(platform, `/call-details/c1?token=${encodeURIComponent(token)}`);
      expect(page.status).toBe(401);
      expect(rootTag(page.html)).toContain('data-error="invalid"');
    }
  });

  it('should keep the requested theme on the error page and not echo the token', async () => {
    const { platform } = await setup();

    const page = await open(platform, '/view-insights?token=secret-looking-value&theme=dark');

    expect(rootTag(page.html)).toContain('data-theme="dark"');
    expect(page.html).not.toContain('secret-looking-value');
  });
});

describe('given an agent or call id the mock does not know', () => {
  it('should show "unknown-agent" inside the dashboard for agent ids starting with unknown', async () => {
    const { platform, token } = await setup();

    const page = await open(platform, `/view-insights?token=${token}&agent-id=unknown-42`);

    expect(page.status).toBe(200);
    expect(rootTag(page.html)).toContain(
      'data-zipteams-page="error" data-error="unknown-agent" data-theme="light" data-agent-id="unknown-42"',
    );
  });

  it('should show "unknown-call" inside the page for call ids starting with unknown', async () => {
    const { platform, token } = await setup();

    const page = await open(platform, `/call-details/unknown-call?token=${token}`);

    expect(page.status).toBe(200);
    expect(rootTag(page.html)).toContain('data-error="unknown-call"');
  });
});

describe('given allowOrigins', () => {
  it('should send frame-ancestors with exactly those origins on every page', async () => {
    const { platform, token } = await setup({
      allowOrigins: ['https://partner.example.com', 'http://localhost:5173'],
    });
    const expected = 'frame-ancestors https://partner.example.com http://localhost:5173';

    for (const path of [
      `/view-insights?token=${token}`,
      `/call-details/c1?token=${token}`,
      '/view-insights?token=bad',
      '/',
    ]) {
      const { headers } = await open(platform, path);
      expect(headers.get('content-security-policy')).toBe(expected);
      expect(headers.get('x-frame-options')).toBeNull();
    }
  });

  it('should send no framing restriction when the list is empty or absent', async () => {
    for (const options of [{}, { allowOrigins: [] }]) {
      const { platform, token } = await setup(options);

      const { headers } = await open(platform, `/view-insights?token=${token}`);

      expect(headers.get('content-security-policy')).toBeNull();
      expect(headers.get('x-frame-options')).toBeNull();
    }
  });
});

describe('given a request for the root path', () => {
  it('should list the endpoints', async () => {
    const page = await open(createMockPlatform(), '/');

    expect(page.status).toBe(200);
    expect(page.html).toContain('data-zipteams-page="index"');
    expect(page.html).toContain('/api/v1/partner/dashboard/auth/token');
  });

  it('should answer other methods on pages with 404', async () => {
    const response = await createMockPlatform()(get('/view-insights', { method: 'POST' }));

    expect(response.status).toBe(404);
  });
});

describe('given formatCountdown', () => {
  it.each([
    [0, '00:00'],
    [59, '00:59'],
    [61, '01:01'],
    [3599, '59:59'],
    [3600, '1:00:00'],
    [86_400, '24:00:00'],
    [-5, '00:00'],
  ])('should format %i seconds as %s', (seconds, text) => {
    expect(formatCountdown(seconds)).toBe(text);
  });
});
