import { ZipteamsDashboard } from '@zipteams/react';
import { headers } from 'next/headers';
import { signIn } from './actions';
import { SignOutButton } from './sign-out-button';
import { USERS, currentUser } from '@/lib/session';
import { zipteams } from '@/lib/zipteams';

export default async function InsightsPage() {
  const user = await currentUser();
  if (!user) {
    return (
      <main>
        <h1>Sign in</h1>
        <form action={signIn}>
          {USERS.map((candidate) => (
            <button key={candidate.id} name="user" value={candidate.id}>
              {candidate.name}
            </button>
          ))}
        </form>
      </main>
    );
  }
  // The first token comes with the page, so the browser loads the dashboard while it parses the
  // HTML. If minting fails, the embed fetches from the token URL and shows its own error UI.
  const initialToken = await zipteams.getToken(user.zipteams).catch(() => undefined);
  // This request's CSP nonce (proxy.ts): the embed's server-rendered style carries it.
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  return (
    <main>
      <header>
        <h1>Insights</h1>
        <span>{user.name}</span>
        <SignOutButton />
      </header>
      <ZipteamsDashboard
        tokenUrl="/api/zipteams/token"
        initialToken={initialToken}
        nonce={nonce}
        // Unset in production (https://app.zipteams.com); the mock's URL in development.
        baseUrl={process.env.ZIPTEAMS_APP_URL}
        height={800}
        data-testid="embed"
      />
    </main>
  );
}
