// The fleet row's fake Zipteams in its own process (as the real one is elsewhere): a counting
// upstream whose clock and event loop are not shared with the load generator. Reports its URL
// over IPC, answers { type: 'stats' } with every call and the 429 count, exits with the parent.
import { startCountingUpstream } from '@zipteams/test-utils/node';
import type { CountingUpstreamOptions } from '@zipteams/test-utils/node';

const upstream = await startCountingUpstream(
  JSON.parse(process.argv[2] ?? '{}') as CountingUpstreamOptions,
);
process.send?.({ url: upstream.url });
process.on('message', (message: { type?: string }) => {
  if (message.type === 'stats') {
    process.send?.({
      calls: upstream.calls.map(({ tenantId, at }) => ({ tenantId, at })),
      rejected: upstream.rejected(),
    });
  }
});
process.on('disconnect', () => process.exit(0));
