import { afterEach, describe, expect, it, vi } from 'vitest';
import { normalizeHeaders, resolveTokenSource } from './token-key.js';

const key = (options: Parameters<typeof resolveTokenSource>[0]) => resolveTokenSource(options)?.key;

describe('resolveTokenSource', () => {
  it('should give the same key to equal headers as a Headers instance, pairs or an object', () => {
    const asHeaders = key({
      tokenUrl: '/t',
      tokenRequestInit: { headers: new Headers({ 'X-Team': 'a', Accept: 'x' }) },
    });
    const asPairs = key({
      tokenUrl: '/t',
      tokenRequestInit: {
        headers: [
          ['accept', 'x'],
          ['x-team', 'a'],
        ],
      },
    });
    const asObject = key({
      tokenUrl: '/t',
      tokenRequestInit: { headers: { 'x-team': 'a', ACCEPT: 'x' } },
    });
    expect(asHeaders).toEqual(asPairs);
    expect(asObject).toEqual(asPairs);
  });

  it('should tell two Headers instances with different values apart (one team never sees another)', () => {
    const a = key({
      tokenUrl: '/t',
      tokenRequestInit: { headers: new Headers({ 'x-team': 'a' }) },
    });
    const b = key({
      tokenUrl: '/t',
      tokenRequestInit: { headers: new Headers({ 'x-team': 'b' }) },
    });
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(b));
  });

  it('should ignore the order of request options but not their values', () => {
    const one = key({ tokenUrl: '/t', tokenRequestInit: { credentials: 'include', mode: 'cors' } });
    const two = key({ tokenUrl: '/t', tokenRequestInit: { mode: 'cors', credentials: 'include' } });
    const other = key({ tokenUrl: '/t', tokenRequestInit: { mode: 'cors', credentials: 'omit' } });
    expect(JSON.stringify(one)).toBe(JSON.stringify(two));
    expect(JSON.stringify(one)).not.toBe(JSON.stringify(other));
  });

  it('should name a fetchToken source by its tokenKey', () => {
    const fetchToken = async () => 'a.b.c';
    expect(key({ fetchToken, tokenKey: 'team-a' })).not.toEqual(
      key({ fetchToken, tokenKey: 'team-b' }),
    );
  });

  it('should refuse a fetchToken without tokenKey with a typed invalid_argument error', () => {
    const resolved = resolveTokenSource({ fetchToken: async () => 'a.b.c' });
    expect(resolved?.error).toMatchObject({ code: 'invalid_argument', argument: 'tokenKey' });
    expect(resolved?.source).toBeUndefined();
  });

  it('should refuse impossible headers without throwing', () => {
    const resolved = resolveTokenSource({
      tokenUrl: '/t',
      tokenRequestInit: { headers: { 'bad name': 'x' } },
    });
    expect(resolved?.error?.code).toBe('invalid_argument');
  });

  it('should return undefined without a source', () => {
    expect(resolveTokenSource({})).toBeUndefined();
  });
});

describe('normalizeHeaders', () => {
  it('should lower-case and sort names', () => {
    expect(normalizeHeaders({ 'X-B': '2', 'x-a': '1' })).toEqual([
      ['x-a', '1'],
      ['x-b', '2'],
    ]);
    expect(normalizeHeaders(undefined)).toEqual([]);
  });
});

describe('resolveTokenSource with a relative tokenUrl', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });
  const onPage = (href: string) => vi.stubGlobal('document', { baseURI: href });

  it.each(['token', './token', 'v2/token', '?tenant=a'])(
    'should resolve the path-relative %s against the page, so two paths are two sources',
    (tokenUrl) => {
      onPage('https://partner.example/app1/');
      const app1 = resolveTokenSource({ tokenUrl });
      onPage('https://partner.example/app2/');
      const app2 = resolveTokenSource({ tokenUrl });
      expect(app1?.source).toMatchObject({ tokenUrl: expect.stringMatching(/^https:\/\//) });
      expect(app1?.key).not.toEqual(app2?.key);
      expect(app1?.key[1]).toBe((app1?.source as { tokenUrl?: string } | undefined)?.tokenUrl);
    },
  );

  it('should name the same resource by the same key, whatever the relative spelling', () => {
    onPage('https://partner.example/app1/page');
    expect(key({ tokenUrl: 'token' })).toEqual(key({ tokenUrl: './token' }));
    expect(key({ tokenUrl: 'token' })?.[1]).toBe('https://partner.example/app1/token');
  });

  it.each(['/api/zipteams/token', 'https://partner.example/api/token', '//cdn.example/token'])(
    'should keep %s as written (keys computed on a server still match)',
    (tokenUrl) => {
      onPage('https://partner.example/app1/');
      expect(key({ tokenUrl })?.[1]).toBe(tokenUrl);
    },
  );

  it('should be a clear invalid_argument without a page (server)', () => {
    const resolved = resolveTokenSource({ tokenUrl: 'token' });
    expect(resolved?.source).toBeUndefined();
    expect(resolved?.error).toMatchObject({ code: 'invalid_argument', argument: 'tokenUrl' });
    expect(resolved?.error?.message).toMatch(/path-relative/);
    expect(resolveTokenSource({ tokenUrl: '/api/zipteams/token' })?.source).toBeDefined();
  });
});
