/**
 * A stand-in for your own authentication (remix-auth, Clerk, your session store): who is signed
 * in, and which Zipteams tenant/subtenant their organisation and team map to. Replace this file;
 * keep the rule that the browser never chooses the tenant.
 */
import type { Tenant } from '@zipteams/server';
import { createCookieSessionStorage, redirect, type SessionStorage } from 'react-router';

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

let storage: SessionStorage<{ userId: string }> | undefined;

/** A signed httpOnly cookie; created on first use, so the build needs no secret. */
function sessions(): SessionStorage<{ userId: string }> {
  const secret = process.env.SESSION_SECRET;
  if (!secret) throw new Error('Set SESSION_SECRET in the environment (see .env.example).');
  storage ??= createCookieSessionStorage({
    cookie: {
      name: 'example_session',
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      secrets: [secret],
    },
  });
  return storage;
}

/** The signed-in user of a request (loader, action or resource route), or null. */
export async function currentUser(request: Request): Promise<User | null> {
  const session = await sessions().getSession(request.headers.get('Cookie'));
  return USERS.find((user) => user.id === session.get('userId')) ?? null;
}

/** Stand-in for your login: signs in one of the example users. */
export async function signIn(request: Request, userId: string): Promise<Response> {
  const session = await sessions().getSession(request.headers.get('Cookie'));
  if (USERS.some((user) => user.id === userId)) session.set('userId', userId);
  return redirect('/', { headers: { 'Set-Cookie': await sessions().commitSession(session) } });
}

export async function signOut(request: Request): Promise<Response> {
  const session = await sessions().getSession(request.headers.get('Cookie'));
  return redirect('/', { headers: { 'Set-Cookie': await sessions().destroySession(session) } });
}
