/** Test helper: an unsigned JWT with the given payload (the kit never checks signatures). */
export function makeJwt(payload: Record<string, unknown>, signature = 'c2lnbmF0dXJl'): string {
  const encode = (value: unknown) =>
    btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(value))))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
  return `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(payload)}.${signature}`;
}

/** A Zipteams-like 24 h token issued at `issuedAtMs` (issuer's clock). */
export function zipteamsJwt(issuedAtMs: number, lifetimeSeconds = 86_400, extra = {}): string {
  const iat = Math.floor(issuedAtMs / 1000);
  return makeJwt({
    tenantId: 'acme',
    subTenantId: 'sales',
    iat,
    exp: iat + lifetimeSeconds,
    ...extra,
  });
}
