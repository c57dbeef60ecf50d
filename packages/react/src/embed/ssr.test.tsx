import { QueryClient } from '@tanstack/react-query';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ZipteamsCallDetails, ZipteamsDashboard, ZipteamsProvider } from '../index.js';

describe('server rendering (no window, no document)', () => {
  it('should run in an environment without DOM globals', () => {
    expect(typeof window).toBe('undefined');
    expect(typeof document).toBe('undefined');
  });

  it('should render the loading state without touching browser globals or fetching', () => {
    let fetched = 0;
    const html = renderToString(
      <ZipteamsProvider queryClient={new QueryClient()} baseUrl="https://mock.example">
        <ZipteamsDashboard
          tokenKey="ssr"
          fetchToken={async () => {
            fetched++;
            return 'a.b.c';
          }}
        />
        <ZipteamsCallDetails tokenUrl="/api/zipteams/token" callId="c-1" />
      </ZipteamsProvider>,
    );
    expect(html.match(/data-state="loading"/g)).toHaveLength(2);
    expect(html).not.toContain('<iframe');
    expect(fetched).toBe(0);
  });

  it('should render without a provider, using a private client per render', () => {
    const html = renderToString(
      <ZipteamsDashboard tokenUrl="/api/zipteams/token" baseUrl="https://app.zipteams.com" />,
    );
    expect(html).toContain('data-state="loading"');
  });
});
