import { runInNewContext } from 'node:vm';
import { decodeJwt } from 'jose';
import { describe, expect, it, vi } from 'vitest';
import { readyScript, type ReadyPage } from './pages.js';
import { createMockPlatform, type MockPlatform } from '../platform.js';
import type { MockPlatformOptions } from '../options.js';
import { get, manualClock, requestToken } from '../test-utils/requests.js';

const TTL = 3600;

async function setup(options: MockPlatformOptions = {}) {
  const clock = manualClock();
  const platform = createMockPlatform({ now: clock.now, tokenTtlSeconds: TTL, ...options });
  const token = await requestToken(platform);
  return { platform, clock, token };
}

async function open(platform: MockPlatform, pathAndQuery: string) {
  const response = await platform(get(pathAndQuery));
  return { status: response.status, html: await response.text(), headers: response.headers };
}

/** Every page the kit may frame: one per page kind and per reason for an error page. */
const PAGES: readonly {
  name: string;
  path: (token: string) => string;
  status: number;
  page: ReadyPage;
  expire?: boolean;
}[] = [
  { name: 'insights', path: (t) => `/view-insights?token=${t}`, status: 200, page: 'insights' },
  {
    name: 'insights for an agent, dark',
    path: (t) => `/view-insights?token=${t}&agent-id=agent-7&theme=dark`,
    status: 200,
    page: 'insights',
  },
  {
    name: 'call details',
    path: (t) => `/call-details/call-123?token=${t}`,
    status: 200,
    page: 'call-details',
  },
  {
    name: 'error: unknown agent',
    path: (t) => `/view-insights?token=${t}&agent-id=unknown-7`,
    status: 200,
    page: 'error',
  },
  {
    name: 'error: unknown call',
    path: (t) => `/call-details/unknown-call?token=${t}`,
    status: 200,
    page: 'error',
  },
  { name: 'error: missing token', path: () => '/view-insights', status: 401, page: 'error' },
  {
    name: 'error: invalid token',
    path: (t) => `/call-details/c1?token=${t.slice(0, -2)}xx`,
    status: 401,
    page: 'error',
  },
  {
    name: 'error: expired token',
    path: (t) => `/view-insights?token=${t}`,
    status: 401,
    page: 'error',
    expire: true,
  },
];

async function render(entry: (typeof PAGES)[number], options: MockPlatformOptions = {}) {
  const { platform, clock, token } = await setup(options);
  if (entry.expire) clock.advance(TTL * 1000);
  const page = await open(platform, entry.path(token));
  return { ...page, token };
}

/** The body of the first inline script of a page. */
function firstScript(html: string): string {
  return /<script>(.*?)<\/script>/s.exec(html)?.[1] ?? '';
}

/** Runs a script as the page would, in a window that is framed or not; returns what it posted. */
function runInWindow(script: string, framed: boolean) {
  const parentPost = vi.fn();
  const selfPost = vi.fn();
  const window: { parent?: unknown; postMessage: typeof selfPost } = { postMessage: selfPost };
  window.parent = framed ? { postMessage: parentPost } : window;
  runInNewContext(script, { window });
  return { parentPost, selfPost };
}

describe('given any page the kit frames', () => {
  it.each(PAGES)(
    'should answer $status with the ready script first in <head> ($name)',
    async (entry) => {
      const { status, html } = await render(entry);

      expect(status).toBe(entry.status);
      expect(html).toContain(`data-zipteams-page="${entry.page}"`);
      expect(html).toContain(
        `<head>\n<meta charset="utf-8">\n<script>${readyScript(entry.page)}</script>\n`,
      );
      expect(html.split('zipteams:ready')).toHaveLength(2);
    },
  );

  it.each(PAGES)('should post exactly one ready message to the parent ($name)', async (entry) => {
    const { html } = await render(entry);

    const { parentPost, selfPost } = runInWindow(firstScript(html), true);

    expect(parentPost).toHaveBeenCalledTimes(1);
    const [message, targetOrigin] = parentPost.mock.calls[0] as [unknown, unknown];
    expect(JSON.parse(JSON.stringify(message))).toEqual({
      type: 'zipteams:ready',
      page: entry.page,
    });
    expect(targetOrigin).toBe('*');
    expect(selfPost).not.toHaveBeenCalled();
  });

  it.each(PAGES)('should post nothing when the page is not framed ($name)', async (entry) => {
    const { html } = await render(entry);

    const { selfPost } = runInWindow(firstScript(html), false);

    expect(selfPost).not.toHaveBeenCalled();
  });

  it.each(PAGES)(
    'should never put the token or a claim in the handshake ($name)',
    async (entry) => {
      const { html, token } = await render(entry);
      const claims = decodeJwt(token);
      const script = firstScript(html);
      const { parentPost } = runInWindow(script, true);
      const posted = JSON.stringify(parentPost.mock.calls);

      expect(script).toBe(readyScript(entry.page));
      for (const text of [script, posted]) {
        expect(text).not.toContain(token);
        for (const part of token.split('.')) expect(text).not.toContain(part);
        for (const value of [
          claims['tenantId'],
          claims['subTenantId'],
          claims['iat'],
          claims['exp'],
          'agent-7',
          'call-123',
          'unknown-',
        ]) {
          expect(text).not.toContain(String(value));
        }
      }
      expect(html).not.toContain(token);
    },
  );

  it.each(PAGES)(
    'should keep scripts allowed when frame-ancestors is sent ($name)',
    async (entry) => {
      const { headers, html } = await render(entry, { allowOrigins: ['https://partner.example'] });

      const directives = (headers.get('content-security-policy') ?? '')
        .split(';')
        .map((directive) => directive.trim().split(/\s+/)[0]);
      expect(directives).toEqual(['frame-ancestors']);
      expect(firstScript(html)).toBe(readyScript(entry.page));
    },
  );
});

describe('given the landing page', () => {
  it('should not announce itself, as it is not a page the kit frames', async () => {
    const { html } = await open(createMockPlatform(), '/');

    expect(html).not.toContain('zipteams:ready');
  });
});
