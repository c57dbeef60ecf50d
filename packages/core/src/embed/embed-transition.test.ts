import { describe, expect, it } from 'vitest';
import {
  SWAP_GUARD_MS,
  embedStatus,
  embedTransition,
  initialEmbedState,
  nextEmbedDue,
  type EmbedEvent,
  type EmbedRules,
  type EmbedState,
} from './embed-transition.js';
import { HttpError } from '../errors/errors.js';
import { FrameBlockedError, FrameUnreachableError } from '../errors/frame-errors.js';
import type { DashboardToken } from '../token/token.js';

const T0 = 1_000_000;
const rules: EmbedRules = {
  readySignal: 'message',
  loadTimeout: 5_000,
  retryDelay: (n) => 1_000 * 2 ** n,
};
const token = (n: number, expiresAt: number, tenantId = 'acme') =>
  ({ token: `t${n}`, expiresAt, claims: { tenantId } }) as DashboardToken;
const input = (n: number, expiresAt = T0 + 120_000, tenantId = 'acme'): EmbedEvent => ({
  type: 'input',
  input: {
    src: `https://z.test/view?token=t${n}`,
    token: token(n, expiresAt, tenantId),
    tokenStatus: 'ready',
  },
});

/** Runs `[at, event]` steps from the initial state. */
function run(steps: [number, EmbedEvent][], from: EmbedState = initialEmbedState): EmbedState {
  return steps.reduce((state, [at, event]) => embedTransition(state, event, T0 + at, rules), from);
}
const loaded = (id: number): EmbedEvent => ({ type: 'loaded', id });
const announced = (id: number): EmbedEvent => ({ type: 'announced', id });
const tick: EmbedEvent = { type: 'tick' };
const ready = (id: number): [number, EmbedEvent][] => [
  [0, loaded(id)],
  [0, announced(id)],
];
const summary = (s: EmbedState) => ({
  active:
    s.active &&
    `${s.active.id}${s.active.ready ? ' ready' : ''}${s.active.timedOut ? ' timedOut' : ''}`,
  pending:
    s.pending &&
    `${s.pending.id}${s.pending.ready ? ' ready' : ''}${s.pending.timedOut ? ' timedOut' : ''}`,
  status: embedStatus(s).status,
  error: embedStatus(s).error?.code,
});

describe('embedTransition', () => {
  const blocked = new FrameBlockedError(5_000);
  const unreachable = new FrameUnreachableError('https://z.test');
  const table: [string, [number, EmbedEvent][], ReturnType<typeof summary>][] = [
    [
      'should open the first page in view, loading',
      [[0, input(1)]],
      { active: '1', pending: undefined, status: 'loading', error: undefined },
    ],
    [
      'should not count `load` alone as ready when the signal is `message`',
      [
        [0, input(1)],
        [0, loaded(1)],
      ],
      { active: '1', pending: undefined, status: 'loading', error: undefined },
    ],
    [
      'should show the page once it loaded and announced itself',
      [[0, input(1)], ...ready(1)],
      { active: '1 ready', pending: undefined, status: 'ready', error: undefined },
    ],
    [
      'should rotate with no blank moment: the old page stays while the new one loads hidden',
      [[0, input(1)], ...ready(1), [90_000, input(2, T0 + 240_000)]],
      { active: '1 ready', pending: '2', status: 'refreshing', error: undefined },
    ],
    [
      "should take another tenant's page into view at once, the old one gone (the session changed)",
      [[0, input(1)], ...ready(1), [10_000, input(2, T0 + 240_000, 'globex')]],
      { active: '2', pending: undefined, status: 'loading', error: undefined },
    ],
    [
      'should swap the successor in as soon as it is ready',
      [
        [0, input(1)],
        ...ready(1),
        [90_000, input(2, T0 + 240_000)],
        [91_000, loaded(2)],
        [91_000, announced(2)],
      ],
      { active: '2 ready', pending: undefined, status: 'ready', error: undefined },
    ],
    [
      'should defer the swap while focus is inside the frame',
      [
        [0, input(1)],
        ...ready(1),
        [1, { type: 'focus', inside: true }],
        [90_000, input(2, T0 + 240_000)],
        [91_000, loaded(2)],
        [91_000, announced(2)],
      ],
      { active: '1 ready', pending: '2 ready', status: 'refreshing', error: undefined },
    ],
    [
      'should swap when focus leaves',
      [
        [0, input(1)],
        ...ready(1),
        [1, { type: 'focus', inside: true }],
        [90_000, input(2, T0 + 240_000)],
        [91_000, loaded(2)],
        [91_000, announced(2)],
        [95_000, { type: 'focus', inside: false }],
      ],
      { active: '2 ready', pending: undefined, status: 'ready', error: undefined },
    ],
    [
      'should swap at the deadline minus the guard even with focus inside',
      [
        [0, input(1)],
        ...ready(1),
        [1, { type: 'focus', inside: true }],
        [90_000, input(2, T0 + 240_000)],
        [91_000, loaded(2)],
        [91_000, announced(2)],
        [120_000 - SWAP_GUARD_MS, tick],
      ],
      { active: '2 ready', pending: undefined, status: 'ready', error: undefined },
    ],
    [
      'should take an expired token off screen when its successor never got ready',
      [[0, input(1)], ...ready(1), [118_000, input(2, T0 + 240_000)], [120_000, tick]],
      { active: '2', pending: undefined, status: 'loading', error: undefined },
    ],
    [
      'should time a page out after the load timeout, then wait for the reachability check',
      [
        [0, input(1)],
        [5_000, tick],
      ],
      { active: '1 timedOut', pending: undefined, status: 'loading', error: undefined },
    ],
    [
      'should show frame_blocked when the host answered',
      [
        [0, input(1)],
        [5_000, tick],
        [5_010, { type: 'probed', id: 1, error: blocked }],
      ],
      { active: undefined, pending: undefined, status: 'error', error: 'frame_blocked' },
    ],
    [
      'should show frame_unreachable when the host did not answer',
      [
        [0, input(1)],
        [5_000, tick],
        [5_010, { type: 'probed', id: 1, error: unreachable }],
      ],
      { active: undefined, pending: undefined, status: 'error', error: 'frame_unreachable' },
    ],
    [
      'should retry a failed page hidden after the backoff, keeping the error on screen',
      [
        [0, input(1)],
        [5_000, tick],
        [5_000, { type: 'probed', id: 1, error: unreachable }],
        [6_000, tick],
      ],
      { active: undefined, pending: '2', status: 'error', error: 'frame_unreachable' },
    ],
    [
      'should recover without a click once the hidden retry is ready',
      [
        [0, input(1)],
        [5_000, tick],
        [5_000, { type: 'probed', id: 1, error: unreachable }],
        [6_000, tick],
        ...ready(2),
      ],
      { active: '2 ready', pending: undefined, status: 'ready', error: undefined },
    ],
    [
      'should reopen the page in view on retry',
      [
        [0, input(1)],
        [5_000, tick],
        [5_000, { type: 'probed', id: 1, error: blocked }],
        [5_100, { type: 'retry' }],
      ],
      { active: '2', pending: undefined, status: 'loading', error: undefined },
    ],
    [
      'should ignore a late reachability result for a frame that got ready meanwhile',
      [
        [0, input(1)],
        [5_000, tick],
        ...ready(1),
        [5_010, { type: 'probed', id: 1, error: blocked }],
      ],
      { active: '1 ready', pending: undefined, status: 'ready', error: undefined },
    ],
    [
      'should report a known error first and open no frame',
      [
        [
          0,
          {
            type: 'input',
            input: { src: 'https://z.test/x', error: new FrameBlockedError(0, 'refused') },
          },
        ],
      ],
      { active: undefined, pending: undefined, status: 'error', error: 'frame_blocked' },
    ],
    [
      'should put a failed token before a frame',
      [[0, { type: 'input', input: { tokenStatus: 'error', tokenError: new HttpError(403) } }]],
      { active: undefined, pending: undefined, status: 'error', error: 'http' },
    ],
  ];
  it.each(table)('%s', (_name, steps, expected) => {
    expect(summary(run(steps))).toEqual(expected);
  });

  it('should apply a late timer after sleep as of the real time (deadline passed while asleep)', () => {
    const state = run([
      [0, input(1)],
      ...ready(1),
      [1, { type: 'focus', inside: true }],
      [90_000, input(2, T0 + 240_000)],
      ...ready(2),
    ]);
    expect(state.active?.id).toBe(1);
    // No timer ran during sleep; the first event after waking finds both deadlines passed.
    const woke = embedTransition(state, tick, T0 + 130_000, rules);
    expect(woke.active?.id).toBe(2);
    expect(woke.pending).toBeUndefined();
  });

  it('should back off the hidden retries exponentially', () => {
    let state = run([
      [0, input(1)],
      [5_000, tick],
      [5_000, { type: 'probed', id: 1, error: unreachable }],
    ]);
    expect(state.retryAt).toBe(T0 + 6_000);
    state = run(
      [
        [6_000, tick],
        [11_000, tick],
        [11_000, { type: 'probed', id: 2, error: unreachable }],
      ],
      state,
    );
    expect(state.retryAt).toBe(T0 + 13_000);
  });

  it('should not reopen a failed page when only the token status changes (a refresh starting)', () => {
    const refused = new FrameBlockedError(0, undefined, {
      directive: 'frame-src',
      origin: 'https://z.test',
    });
    const failed = run([
      [0, input(1)],
      [0, { type: 'refused', error: refused }],
    ]);
    const refreshing: EmbedEvent = {
      type: 'input',
      input: { ...failed.input, tokenStatus: 'refreshing' },
    };
    const state = run([[1_000, refreshing]], failed);
    expect(state.pending).toBeUndefined();
    expect(summary(state)).toMatchObject({ status: 'error', error: 'frame_blocked' });
    // A new token is a new URL: tried hidden.
    expect(run([[2_000, input(2)]], state).pending?.id).toBe(2);
  });

  it('should plan the next moment a clock rule applies', () => {
    expect(nextEmbedDue(run([[0, input(1)]]), rules)).toBe(T0 + 5_000);
    expect(nextEmbedDue(run([[0, input(1)], ...ready(1)]), rules)).toBe(T0 + 120_000);
    expect(nextEmbedDue(initialEmbedState, rules)).toBeUndefined();
  });
});
