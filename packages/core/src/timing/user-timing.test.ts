import { afterEach, describe, expect, it, vi } from 'vitest';
import { HttpError } from '../errors/errors.js';
import { fetchDashboardToken } from '../token/fetch-token.js';
import { SECOND, embedHarness } from '../test-utils/embed-harness.js';
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

  it('should measure the first visible frame, then mark rotations and failures', async () => {
    const t = embedHarness();
    await t.flush();
    t.ready(1);
    expect(entries('first-frame')).toHaveLength(1);
    expect(entries('first-frame')[0]!.entryType).toBe('measure');
    for (let rotation = 0; rotation < 2; rotation++) {
      t.time.advance(45 * SECOND);
      await t.flush();
      t.ready(t.snap().pending!.id);
    }
    expect(entries('rotation')).toHaveLength(2);
    expect(entries('first-frame')).toHaveLength(1);
    t.src.state.fail.push(new HttpError(401)); // the user's session ended
    t.time.advance(45 * SECOND);
    await t.flush();
    expect(details('failure')).toEqual([{ code: 'http' }]);
    t.session.dispose();
  });

  it('should do nothing where there is no performance', async () => {
    vi.stubGlobal('performance', undefined);
    await fetchDashboardToken({ fetchToken: async () => zipteamsJwt(Date.now(), 600) });
    vi.unstubAllGlobals();
    expect(entries('token-request')).toEqual([]);
  });
});
