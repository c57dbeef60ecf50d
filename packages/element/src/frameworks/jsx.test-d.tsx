// Type tests of `@zipteams/element/jsx` (checked by `npm run typecheck`): the right props type-check,
// each `@ts-expect-error` below must be an error, or the check fails.
import type { ZipteamsEventDetail } from '../index.js';
import type { ZipteamsEvents } from './jsx.js';
import './jsx.js';

function onStatus(event: CustomEvent<ZipteamsEventDetail['zipteams-status']>): void {
  void event.detail.status;
}
function onError(event: ZipteamsEvents['zipteams-error']): void {
  void event.detail.error.code;
}

export const right = (
  <>
    <zipteams-dashboard
      token-url="/api/zipteams/token"
      tokenRequestInit={{ headers: { 'x-csrf-token': 'abc' } }}
      baseUrl="http://127.0.0.1:4010"
      theme="dark"
      agent-id="agent-7"
      height={600}
      share-across-tabs="false"
      load-timeout={5000}
      onzipteams-status={onStatus}
      onzipteams-error={onError}
      onzipteams-token={(event) => void event.detail.token.expiresAt}
      id="insights"
      className="insights"
      data-testid="embed"
    >
      <p slot="loading">Fetching your insights…</p>
    </zipteams-dashboard>
    <zipteams-call-details
      tokenKey="mine"
      fetchToken={async () => ({ token: 'a.b.c', expiresIn: 60 })}
      callId="call-123"
    />
  </>
);

export const wrong = (
  <>
    <zipteams-dashboard
      // @ts-expect-error a theme the dashboard does not have
      theme="blue"
    />
    <zipteams-dashboard
      // @ts-expect-error a string where the token function goes
      fetchToken="/api/zipteams/token"
    />
    {/* @ts-expect-error a handler of another event's detail (reported on the tag: a dashed name) */}
    <zipteams-dashboard onzipteams-status={onError} />
    <zipteams-dashboard
      // @ts-expect-error a misspelt camelCase property
      tokenUrll="/api/zipteams/token"
    />
    <zipteams-call-details
      // @ts-expect-error the dashboard's attribute on the call page
      agentId="agent-7"
    />
  </>
);
