'use client';
import { clearSharedTokens } from '@zipteams/react';
import { signOut } from './actions';

/**
 * Your sign-out step: the session ends on the server, and `clearSharedTokens()` drops every
 * dashboard token this page and this origin's other tabs hold, so nothing of this user's session
 * is shown to whoever signs in next in this browser.
 */
export function SignOutButton() {
  return (
    <form
      action={async () => {
        await clearSharedTokens();
        await signOut();
      }}
    >
      <button>Sign out</button>
    </form>
  );
}
