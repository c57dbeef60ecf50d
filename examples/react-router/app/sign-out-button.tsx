import { clearSharedTokens } from '@zipteams/react';
import { Form, useSubmit } from 'react-router';

/**
 * Your sign-out step: `clearSharedTokens()` drops every dashboard token this page and this
 * origin's other tabs hold, then the action ends the session on the server, so nothing of this
 * user's session is shown to whoever signs in next in this browser.
 */
export function SignOutButton() {
  const submit = useSubmit();
  return (
    <Form
      method="post"
      onSubmit={async (event) => {
        event.preventDefault();
        await clearSharedTokens();
        await submit({ intent: 'sign-out' }, { method: 'post' });
      }}
    >
      <button>Sign out</button>
    </Form>
  );
}
