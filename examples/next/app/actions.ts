'use server';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { SESSION_COOKIE, USERS, sessionValue } from '@/lib/session';

/** Stand-in for your login: signs in one of the example users. */
export async function signIn(formData: FormData): Promise<void> {
  const user = USERS.find((candidate) => candidate.id === formData.get('user'));
  if (!user) return;
  (await cookies()).set(SESSION_COOKIE, sessionValue(user.id), {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
  });
  redirect('/');
}

export async function signOut(): Promise<void> {
  (await cookies()).delete(SESSION_COOKIE);
  redirect('/');
}
