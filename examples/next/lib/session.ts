/**
 * A stand-in for your own authentication (Auth.js, Clerk, your session store): who is signed in,
 * and which Zipteams tenant/subtenant their organisation and team map to. Replace this file; keep
 * the rule that the browser never chooses the tenant.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Tenant } from '@zipteams/server';
import { cookies } from 'next/headers';

export const SESSION_COOKIE = 'example_session';

export interface User {
  readonly id: string;
  readonly name: string;
  /** Your organisation and team ids, as your database stores them. */
  readonly zipteams: Tenant;
}

/** Your users table. */
export const USERS: readonly User[] = [
  { id: 'ana', name: 'Ana (Acme, sales)', zipteams: { tenantId: 'acme', subTenantId: 'sales' } },
  {
    id: 'raj',
    name: 'Raj (Globex, support)',
    zipteams: { tenantId: 'globex', subTenantId: 'support' },
  },
];

function secret(): string {
  const value = process.env.SESSION_SECRET;
  if (!value) throw new Error('Set SESSION_SECRET (see .env.example).');
  return value;
}

const sign = (userId: string) => createHmac('sha256', secret()).update(userId).digest('base64url');

/** The cookie value for a signed-in user: `<id>.<hmac>`, so it cannot be forged. */
export function sessionValue(userId: string): string {
  return `${userId}.${sign(userId)}`;
}

/** The signed-in user of the current request (page, route handler or server action), or null. */
export async function currentUser(): Promise<User | null> {
  const value = (await cookies()).get(SESSION_COOKIE)?.value ?? '';
  const dot = value.lastIndexOf('.');
  const userId = value.slice(0, dot);
  const given = Buffer.from(value.slice(dot + 1));
  const expected = Buffer.from(sign(userId));
  if (dot < 1 || given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return USERS.find((user) => user.id === userId) ?? null;
}
