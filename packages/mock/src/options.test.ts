import { describe, expect, it } from 'vitest';
import { isFrameAncestorSource, resolveOptions } from './options.js';

describe('given no options', () => {
  it('should use the documented defaults', () => {
    const resolved = resolveOptions({});

    expect(resolved).toMatchObject({
      apiKey: 'dev-api-key',
      apiSecret: 'dev-api-secret',
      tokenTtlSeconds: 86_400,
      rateLimitPerMinute: 120,
      allowOrigins: [],
    });
    expect(resolved.now).toBe(Date.now);
  });
});

describe('given invalid options', () => {
  it.each([
    ['a zero ttl', { tokenTtlSeconds: 0 }, RangeError],
    ['a fractional ttl', { tokenTtlSeconds: 1.5 }, RangeError],
    ['a zero rate limit', { rateLimitPerMinute: 0 }, RangeError],
    ['an empty api key', { apiKey: '' }, TypeError],
    ['an empty api secret', { apiSecret: '' }, TypeError],
    ['an empty signing secret', { signingSecret: '' }, TypeError],
    ['an origin with a space', { allowOrigins: ['https://a.test https://b.test'] }, TypeError],
    ['an origin with a semicolon', { allowOrigins: ['https://a.test; script-src *'] }, TypeError],
    ['an empty origin', { allowOrigins: [''] }, TypeError],
  ])('should throw for %s', (_, options, type) => {
    expect(() => resolveOptions(options)).toThrow(type);
  });
});

describe('given isFrameAncestorSource', () => {
  it.each([
    'https://partner.example.com',
    'http://localhost:5173',
    'https://*.example.com',
    "'self'",
    'https:',
    'example.com',
    '*',
  ])('should accept %s', (source) => {
    expect(isFrameAncestorSource(source)).toBe(true);
  });

  it.each(['', 'a b', 'https://a.test,https://b.test', "'none' https://x", 'https://a.test;'])(
    'should refuse %j',
    (source) => {
      expect(isFrameAncestorSource(source)).toBe(false);
    },
  );
});
