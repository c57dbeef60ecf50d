/** Base64url of UTF-8 JSON, in the browser and in Node alike. */
function encode(value: unknown): string {
  return btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(value))))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** An unsigned JWT with the given payload (the kit never checks signatures). */
export function makeJwt(payload: Record<string, unknown>, signature = 'c2lnbmF0dXJl'): string {
  return `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(payload)}.${signature}`;
}

/** A Zipteams-like token (acme/sales, 24 h by default) issued at `issuedAtMs` (issuer's clock). */
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

/** The body Zipteams answers a token request with. */
export function tokenEnvelope(token: string): string {
  return JSON.stringify({ code: 'RESPONSE_SUCCESS', data: { token } });
}
