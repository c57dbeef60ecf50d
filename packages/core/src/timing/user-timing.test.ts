import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEmbedController } from '../embed/embed-controller.js';
import { HttpError } from '../errors/errors.js';
import { fetchDashboardToken } from '../token/fetch-token.js';
import type { DashboardToken } from '../token/token.js';
import { fakeTime } from '../test-utils/fake-time.js';
import { zipteamsJwt } from '@zipteams/test-utils';

const entries = (name: string) => performance.getEntriesByName(`zipteams:${name}`);
const details = (name: string) =>
  entries(name).map((entry) => (entry as PerformanceMeasure | PerformanceMark).detail as unknown);

describe('User Timing entries (zipteams:…)', () => {
  afterEach(() => {
    performance.clearMarks();
    performance.clearMeasures();
    vi.unstubAllGlobals();
  });

  it('should measure each token request with its outcome, never the token', async () => {
    const token = zipteamsJwt(Date.now(), 600);
    await fetchDashboardToken({ fetchToken: async () => token });
    await expect(
      fetchDashboardToken({ fetchToken: async () => new Response('{}', { status: 503 }) }),
    ).rejects.toBeInstanceOf(HttpError);
    expect(details('token-request')).toEqual([{ outcome: 'ok' }, { outcome: 'http' }]);
    expect(entries('token-request')[0]!.entryType).toBe('measure');
    expect(JSON.stringify(performance.getEntries())).not.toContain(token);
  });

  it('should measure the first visible frame, then mark rotations and failures', () => {
    const time = fakeTime();
    const embed = createEmbedController({
      origin: 'https://z.test',
      clock: time.clock,
      timers: time.timers,
      wakeEvents: time.wakeEvents,
      probe: async () => true,
    });
    embed.subscribe(() => {});
    const show = (n: number) => {
      const token = {
        token: `t${n}`,
        claims: {},
        expiresAt: time.now() + 60_000,
      } as DashboardToken;
      embed.update({ src: `https://z.test/view?token=t${n}`, token, tokenStatus: 'ready' });
      const id = (embed.getSnapshot().pending ?? embed.getSnapshot().active)!.id;
      embed.frameLoaded(id);
      embed.frameAnnounced(id);
    };
    show(1);
    expect(entries('first-frame')).toHaveLength(1);
    expect(entries('first-frame')[0]!.entryType).toBe('measure');
    show(2);
    show(3);
    expect(entries('rotation')).toHaveLength(2);
    expect(entries('first-frame')).toHaveLength(1);
    embed.update({ error: new HttpError(401), tokenStatus: 'error' });
    expect(details('failure')).toEqual([{ code: 'http' }]);
    embed.dispose();
  });

  it('should do nothing where there is no performance', async () => {
    vi.stubGlobal('performance', undefined);
    await fetchDashboardToken({ fetchToken: async () => zipteamsJwt(Date.now(), 600) });
    vi.unstubAllGlobals();
    expect(entries('token-request')).toEqual([]);
  });
});
