import { InvalidTenantError } from '../errors.js';

/** The Zipteams organisation (`tenantId`) and group inside it (`subTenantId`). */
export interface Tenant {
  tenantId: string;
  subTenantId: string;
}

export const MAX_TENANT_ID_LENGTH = 256;

/**
 * Printable ASCII, no leading or trailing space: the ids travel as HTTP header values, which
 * cannot carry CR/LF (header injection), other control characters or non-Latin-1 text, and
 * whose surrounding whitespace is stripped (two ids must not collapse into one).
 */
const HEADER_SAFE_ID = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;

/**
 * Checks a tenant value. Returns null for "nobody signed in" (null/undefined), the ids for a
 * valid pair, and throws `InvalidTenantError` otherwise. The message names `source` (who gave
 * the value) and describes the problem without echoing the id.
 */
export function validateTenant(
  value: unknown,
  source: 'resolveTenant' | 'getToken' = 'resolveTenant',
): Tenant | null {
  if (value === null || value === undefined) return null;
  const given = source === 'getToken' ? 'getToken was given' : 'resolveTenant returned';
  if (typeof value !== 'object') {
    throw new InvalidTenantError(
      source === 'getToken'
        ? `getToken needs a { tenantId, subTenantId }, got a ${typeof value}`
        : `resolveTenant must return { tenantId, subTenantId } or null, got a ${typeof value}`,
    );
  }
  // Read once each: a getter may answer differently on a second read.
  const tenantId = validateId(given, 'tenantId', Reflect.get(value, 'tenantId'));
  const subTenantId = validateId(given, 'subTenantId', Reflect.get(value, 'subTenantId'));
  return { tenantId, subTenantId };
}

function validateId(given: string, name: string, id: unknown): string {
  if (typeof id !== 'string') {
    throw new InvalidTenantError(`${given} a ${name} that is a ${typeof id}`);
  }
  if (id === '') throw new InvalidTenantError(`${given} an empty ${name}`);
  if (id.length > MAX_TENANT_ID_LENGTH) {
    throw new InvalidTenantError(
      `${given} a ${name} of ${id.length} characters (at most ${MAX_TENANT_ID_LENGTH})`,
    );
  }
  if (!HEADER_SAFE_ID.test(id)) {
    throw new InvalidTenantError(
      `${given} a ${name} with characters that cannot be sent in an HTTP header ` +
        '(control characters such as CR/LF, non-ASCII text, or leading/trailing spaces)',
    );
  }
  return id;
}

/** Cache and single-flight key: JSON keeps ('a:b','c') and ('a','b:c') apart. */
export function tenantKey(tenant: Tenant): string {
  return JSON.stringify([tenant.tenantId, tenant.subTenantId]);
}
