import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BadResponseError } from '../errors/errors.js';
import { decodeBase64Url, decodeJwt } from './jwt.js';
import { makeJwt } from '@zipteams/test-utils';

describe('decodeJwt', () => {
  it('should read exp, iat, tenantId and subTenantId', () => {
    const token = makeJwt({ tenantId: 't1', subTenantId: 's1', iat: 100, exp: 200 });
    expect(decodeJwt(token)).toEqual({ tenantId: 't1', subTenantId: 's1', iat: 100, exp: 200 });
  });

  it('should decode the example token from the Zipteams docs', () => {
    const docs =
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0ZW5hbnRJZCI6InRlbmFudElkIiwic3ViVGVuYW50SWQiOiJzdWJUZW5hbnRJZCIsImlhdCI6MTYxNjc2MjIwMCwiZXhwIjoxNjE2ODQ4NjAwfQ.example-token-signature';
    expect(decodeJwt(docs)).toMatchObject({
      tenantId: 'tenantId',
      exp: 1616848600,
      iat: 1616762200,
    });
  });

  it('should read UTF-8 claims', () => {
    expect(decodeJwt(makeJwt({ tenantId: 'Zürich – 東京 🚀' })).tenantId).toBe('Zürich – 東京 🚀');
  });

  it('should accept base64url segments with padding', () => {
    const [h, p, s] = makeJwt({ tenantId: 'ab' }).split('.');
    const padded = p + '='.repeat((4 - ((p ?? '').length % 4)) % 4);
    expect(decodeJwt(`${h}.${padded}.${s}`).tenantId).toBe('ab');
  });

  it.each([
    ['two parts', 'abc.def'],
    ['an empty string', ''],
    ['four parts', 'a.b.c.d'],
    ['an empty payload', 'abc..def'],
  ])('should reject %s as not_a_jwt', (_, token) => {
    expect(() => decodeJwt(token)).toThrow(expect.objectContaining({ reason: 'not_a_jwt' }));
  });

  it.each([
    ['bad base64', 'eyJhbGciOiJIUzI1NiJ9.%%%%.sig'],
    ['a payload that is not JSON', `eyJhbGciOiJIUzI1NiJ9.${btoa('not json')}.sig`],
    ['a JSON array payload', `eyJhbGciOiJIUzI1NiJ9.${btoa('[1,2]')}.sig`],
    ['invalid UTF-8', `eyJhbGciOiJIUzI1NiJ9.${btoa('\xff\xfe\xfd').replace(/=+$/, '')}.sig`],
  ])('should reject %s as bad_jwt_payload', (_, token) => {
    expect(() => decodeJwt(token)).toThrow(expect.objectContaining({ reason: 'bad_jwt_payload' }));
  });

  it('should reject an exp that is not a number', () => {
    expect(() => decodeJwt(makeJwt({ exp: '2030-01-01' }))).toThrow(
      expect.objectContaining({ reason: 'invalid_claims' }),
    );
  });

  it('should never put the token in the error message', () => {
    const token = `eyJhbGciOiJIUzI1NiJ9.${btoa('{"secret-claim":')}.sig`;
    try {
      decodeJwt(token);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(BadResponseError);
      expect(String((error as Error).message)).not.toContain(token.split('.')[1]);
      expect(JSON.stringify(error)).not.toContain(token.split('.')[1]);
    }
  });

  it('should round-trip any claims object (property)', () => {
    fc.assert(
      fc.property(
        fc.record({
          tenantId: fc.string({ unit: 'grapheme' }),
          subTenantId: fc.string(),
          iat: fc.integer({ min: 0, max: 2 ** 40 }),
          exp: fc.integer({ min: 0, max: 2 ** 40 }),
        }),
        (claims) => {
          expect(decodeJwt(makeJwt(claims))).toEqual(claims);
        },
      ),
    );
  });

  it('should only ever throw BadResponseError for arbitrary input (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (a, b, c) => {
        try {
          decodeJwt(`${a}.${b}.${c}`);
        } catch (error) {
          expect(error).toBeInstanceOf(BadResponseError);
        }
      }),
    );
  });
});

describe('decodeBase64Url', () => {
  it('should reject a length that no base64 can have', () => {
    expect(() => decodeBase64Url('abcde')).toThrow(TypeError);
  });
});
