import { ZipteamsDashboard } from '@zipteams/react';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { currentUser } from '@/lib/session';

/**
 * The dashboard without a server-minted token: the browser asks the token route after hydration
 * and the frame is created on the client (the partner guide's "no initialToken" variant).
 */
export default async function ClientInsightsPage() {
  const user = await currentUser();
  if (!user) redirect('/');
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  return (
    <main>
      <header>
        <h1>Insights</h1>
        <span>{user.name}</span>
      </header>
      <ZipteamsDashboard
        tokenUrl="/api/zipteams/token"
        nonce={nonce}
        baseUrl={process.env.ZIPTEAMS_APP_URL}
        height={800}
        data-testid="embed"
      />
    </main>
  );
}
