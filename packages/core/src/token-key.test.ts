import { describe, expect, it } from 'vitest';
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
