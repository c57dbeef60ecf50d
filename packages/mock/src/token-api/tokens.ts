import { SignJWT, jwtVerify } from 'jose';

/** The claims the mock puts in every token, as in the partner docs' example payload. */
export interface MockTokenClaims {
  tenantId: string;
  subTenantId: string;
  /** Issued at, in seconds since the epoch. */
  iat: number;
  /** Expiry, in seconds since the epoch: always `iat` plus the configured lifetime. */
  exp: number;
}

/** Why a token did not open a page. */
export type TokenProblem = 'missing' | 'invalid' | 'expired';

export type TokenCheck =
  { ok: true; claims: MockTokenClaims } | { ok: false; problem: TokenProblem };

export function signingKey(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/** Signs an HS256 JWT with the claims in the documented order: tenantId, subTenantId, iat, exp. */
export async function signToken(
  key: Uint8Array,
  subject: { tenantId: string; subTenantId: string },
  iat: number,
  ttlSeconds: number,
): Promise<string> {
  return new SignJWT({ tenantId: subject.tenantId, subTenantId: subject.subTenantId })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttlSeconds)
    .sign(key);
}

/** Checks signature, algorithm, expiry (against `nowMs`) and the presence of the mock's claims. */
export async function verifyToken(
  key: Uint8Array,
  token: string | null,
  nowMs: number,
): Promise<TokenCheck> {
  if (token === null || token === '') return { ok: false, problem: 'missing' };
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: ['HS256'],
      currentDate: new Date(nowMs),
      requiredClaims: ['iat', 'exp'],
    });
    const { tenantId, subTenantId, iat, exp } = payload;
    if (
      typeof tenantId !== 'string' ||
      typeof subTenantId !== 'string' ||
      typeof iat !== 'number' ||
      typeof exp !== 'number'
    ) {
      return { ok: false, problem: 'invalid' };
    }
    return { ok: true, claims: { tenantId, subTenantId, iat, exp } };
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    return { ok: false, problem: code === 'ERR_JWT_EXPIRED' ? 'expired' : 'invalid' };
  }
}
