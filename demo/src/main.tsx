import { QueryClientProvider, useQuery } from '@tanstack/react-query';
import { ZipteamsProvider, createZipteamsQueryClient } from '@zipteams/react';
import { ZipteamsDevtools } from '@zipteams/react/devtools';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { fetchConfig } from './api.ts';
import { App } from './App.tsx';
import './styles.css';

// One QueryClient for the app's own data and for the Zipteams token (the kit's queries keep
// their own settings: no refetch on focus, refresh planned from the token's lifetime).
const queryClient = createZipteamsQueryClient();
// Tabs share one token by default; `?share=false` makes this tab fetch its own (to compare).
const shareAcrossTabs = new URLSearchParams(window.location.search).get('share') !== 'false';

function Boot() {
  const config = useQuery({ queryKey: ['demo-config'], queryFn: fetchConfig, retry: 2 });
  if (config.isPending) {
    return (
      <p className="boot" role="status">
        Loading the demo…
      </p>
    );
  }
  if (config.isError) {
    return (
      <div className="boot" role="alert">
        <strong>The demo backend did not answer.</strong> Is <code>npm start</code> still running?
      </div>
    );
  }
  return (
    // The partner's token endpoint and, in development, the mock platform instead of
    // https://app.zipteams.com. Every embed and hook below shares the token.
    <ZipteamsProvider
      queryClient={queryClient}
      tokenUrl="/api/zipteams/token"
      baseUrl={config.data.mockUrl}
      shareAcrossTabs={shareAcrossTabs}
    >
      <App config={config.data} />
      {/* Development builds only: a corner toggle that lists every embed and token source. */}
      <ZipteamsDevtools position="bottom-left" />
    </ZipteamsProvider>
  );
}

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('index.html has no #root element.');

createRoot(rootElement).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <Boot />
    </QueryClientProvider>
  </StrictMode>,
);
