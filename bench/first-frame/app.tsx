import { ZipteamsDashboard, type InitialTokenBody } from '@zipteams/react';

/** What the server renders and the client hydrates, from the same props. */
export interface FirstFrameProps {
  readonly baseUrl: string;
  readonly initialToken?: InitialTokenBody | undefined;
}

export function FirstFrameApp({ baseUrl, initialToken }: FirstFrameProps) {
  return (
    <main>
      <h1>Insights</h1>
      <ZipteamsDashboard
        tokenUrl="/api/zipteams/token"
        baseUrl={baseUrl}
        initialToken={initialToken}
        height={600}
        data-testid="embed"
      />
    </main>
  );
}
