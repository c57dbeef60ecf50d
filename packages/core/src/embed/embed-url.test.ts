import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCallDetailsUrl, buildInsightsUrl } from './embed-url.js';
import { InvalidArgumentError } from '../errors/errors.js';

const token = 'eyJhbGciOiJIUzI1NiJ9.eyJ0ZW5hbnRJZCI6ImEifQ.sig_-';

describe('buildInsightsUrl', () => {
  it('should point at the real platform by default', () => {
    expect(buildInsightsUrl({ token })).toBe(
      `https://app.zipteams.com/view-insights?token=${token}`,
    );
  });

  it('should add theme and agent-id', () => {
    const url = new URL(
      buildInsightsUrl({
        token,
        theme: 'dark',
        agentId: 'agent 7',
        baseUrl: 'http://127.0.0.1:4010/',
      }),
    );
    expect(url.origin).toBe('http://127.0.0.1:4010');
    expect(url.pathname).toBe('/view-insights');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      token,
      theme: 'dark',
      'agent-id': 'agent 7',
    });
  });

  it.each(['a&token=evil', 'x#frag', 'a/b?c=d', '../..', 'ünï 東京 🚀', '%2F'])(
    'should keep the agent id %j as one value',
    (agentId) => {
      const url = new URL(buildInsightsUrl({ token, agentId }));
      expect(url.searchParams.getAll('token')).toEqual([token]);
      expect(url.searchParams.get('agent-id')).toBe(agentId);
      expect(url.hash).toBe('');
      expect(url.pathname).toBe('/view-insights');
    },
  );

  it('should keep a base path prefix', () => {
    expect(buildInsightsUrl({ token, baseUrl: 'https://proxy.example/zipteams/' })).toMatch(
      /^https:\/\/proxy\.example\/zipteams\/view-insights\?/,
    );
  });

  it.each([
    [{ token: '' }, 'token'],
    [{ token, theme: 'blue' as 'dark' }, 'theme'],
    [{ token, agentId: '' }, 'agentId'],
    [{ token, baseUrl: 'javascript:alert(1)' }, 'baseUrl'],
    [{ token, baseUrl: 'not a url' }, 'baseUrl'],
    [{ token, baseUrl: 'https://app.zipteams.com/?x=1' }, 'baseUrl'],
    [{ token, agentId: '\uD800' }, 'agentId'],
  ])('should reject bad input with InvalidArgumentError (%#)', (options, argument) => {
    expect(() => buildInsightsUrl(options)).toThrow(InvalidArgumentError);
    expect(() => buildInsightsUrl(options)).toThrow(
      expect.objectContaining({ argument, code: 'invalid_argument' }),
    );
  });

  it('should never echo the token in an error', () => {
    try {
      buildInsightsUrl({ token, theme: 'x' as 'dark' });
    } catch (error) {
      expect((error as Error).message).not.toContain(token);
    }
  });
});

describe('buildCallDetailsUrl', () => {
  it('should build /call-details/<id>?token=', () => {
    expect(buildCallDetailsUrl({ token, callId: 'call-42' })).toBe(
      `https://app.zipteams.com/call-details/call-42?token=${token}`,
    );
  });

  it.each(['a/b', 'a?b=c', 'a&token=x', 'a#b', '..x', 'with space', 'ünï 東京', '%2e%2e', '..%2F'])(
    'should keep the call id %j as one path segment',
    (callId) => {
      const url = new URL(buildCallDetailsUrl({ token, callId }));
      const segments = url.pathname.split('/');
      expect(segments).toHaveLength(3);
      expect(segments[1]).toBe('call-details');
      expect(decodeURIComponent(segments[2]!)).toBe(callId);
      expect([...url.searchParams.keys()]).toEqual(['token']);
      expect(url.hash).toBe('');
    },
  );

  it.each(['.', '..', '', '   '])('should refuse the call id %j', (callId) => {
    expect(() => buildCallDetailsUrl({ token, callId })).toThrow(InvalidArgumentError);
  });
});

const wellFormed = (s: string) => {
  try {
    encodeURIComponent(s);
    return true;
  } catch {
    return false;
  }
};

describe('embed URLs (properties)', () => {
  const text = fc
    .string({ unit: 'binary', minLength: 1 })
    .filter((s) => s.trim() !== '' && s !== '.' && s !== '..' && wellFormed(s));

  it('should never let a call id or token change the host, the path or the parameters', () => {
    fc.assert(
      fc.property(text, text, (callId, tok) => {
        const url = new URL(
          buildCallDetailsUrl({ token: tok, callId, baseUrl: 'https://app.zipteams.com' }),
        );
        expect(url.origin).toBe('https://app.zipteams.com');
        const segments = url.pathname.split('/');
        expect(segments).toHaveLength(3);
        expect(decodeURIComponent(segments[2]!)).toBe(callId);
        expect([...url.searchParams.keys()]).toEqual(['token']);
        expect(url.searchParams.get('token')).toBe(tok);
      }),
    );
  });

  it('should never let an agent id add a parameter', () => {
    fc.assert(
      fc.property(
        text,
        fc.constantFrom('light', 'dark') as fc.Arbitrary<'light' | 'dark'>,
        (agentId, theme) => {
          const url = new URL(buildInsightsUrl({ token, agentId, theme }));
          expect([...url.searchParams.keys()]).toEqual(['token', 'theme', 'agent-id']);
          expect(url.searchParams.get('agent-id')).toBe(agentId);
          expect(url.pathname).toBe('/view-insights');
        },
      ),
    );
  });
});
