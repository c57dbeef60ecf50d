import { ZipteamsDashboard } from '@zipteams/react';
import { Form, data } from 'react-router';
import { USERS, currentUser, signIn, signOut } from '../lib/session.server';
import { SignOutButton } from '../sign-out-button';
import { zipteams } from '../lib/zipteams.server';
import type { Route } from './+types/home';

export const meta = () => [{ title: 'Insights' }];

export async function loader({ request }: Route.LoaderArgs) {
  // The page holds a token: rendered per request, never stored by a browser or shared cache.
  const headers = { 'Cache-Control': 'no-store' };
  const user = await currentUser(request);
  if (!user) {
    return data(
      { signedIn: false as const, users: USERS.map(({ id, name }) => ({ id, name })) },
      { headers },
    );
  }
  // The first token comes with the page, so the browser loads the dashboard while it parses the
  // HTML. If minting fails, the embed fetches from the token URL and shows its own error UI.
  const initialToken = await zipteams.getToken(user.zipteams).catch(() => undefined);
  return data(
    {
      signedIn: true as const,
      name: user.name,
      initialToken,
      // Unset in production (https://app.zipteams.com); the mock's URL in development.
      baseUrl: process.env.ZIPTEAMS_APP_URL,
    },
    { headers },
  );
}

// The document response takes the loader's headers (Cache-Control: no-store).
export const headers = ({ loaderHeaders }: Route.HeadersArgs) => loaderHeaders;

export async function action({ request }: Route.ActionArgs) {
  const form = await request.formData();
  const userId = form.get('user');
  return typeof userId === 'string' ? signIn(request, userId) : signOut(request);
}

export default function Insights({ loaderData }: Route.ComponentProps) {
  if (!loaderData.signedIn) {
    return (
      <main style={{ padding: 24 }}>
        <h1>Sign in</h1>
        <Form method="post">
          {loaderData.users.map((candidate) => (
            <button key={candidate.id} name="user" value={candidate.id} style={{ marginRight: 8 }}>
              {candidate.name}
            </button>
          ))}
        </Form>
      </main>
    );
  }
  return (
    <main style={{ padding: 24 }}>
      <header style={{ display: 'flex', gap: 16, alignItems: 'center' }}>
        <h1 style={{ margin: 0 }}>Insights</h1>
        <span>{loaderData.name}</span>
        <SignOutButton />
      </header>
      <ZipteamsDashboard
        tokenUrl="/api/zipteams/token"
        initialToken={loaderData.initialToken}
        baseUrl={loaderData.baseUrl}
        height={800}
        data-testid="embed"
      />
    </main>
  );
}
