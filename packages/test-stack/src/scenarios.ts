import type { MockFault, MockPlatformOptions } from '@zipteams/mock';
import type { TokenHandlerOptions } from '@zipteams/server';

/** What a stack runs: the mock platform's options and fault, and the partner handler's. */
export interface StackScenario {
  /** What a story or test sees (shown in Storybook's scenario listing). */
  readonly description?: string;
  /** Mock platform options. `rateLimitPerMinute` defaults to `Infinity` here. */
  readonly mock?: MockPlatformOptions;
  /** Set once at start, never changed: stacks running in parallel never see each other's faults. */
  readonly fault?: MockFault;
  /**
   * Partner handler options over the defaults: the mock's default credentials and URL, the
   * tenant from `?tenant=&sub=` (default acme/sales), no logs.
   */
  readonly partner?: Partial<TokenHandlerOptions>;
}

/** The named scenarios that stories, browser tests and the bench pick by name. */
export const SCENARIOS = {
  ready: { description: '24 h tokens, pages load at once.' },
  rotating: {
    description: '12 s tokens, each token request takes 800 ms: a rotation every ~6 s.',
    mock: { tokenTtlSeconds: 12 },
    fault: { latencyMs: 800, sticky: true },
    partner: { cache: false },
  },
  shortlived: {
    description: '6 s tokens: shown, then past their deadline within seconds.',
    mock: { tokenTtlSeconds: 6 },
    partner: { cache: false },
  },
  blocked: {
    description: 'Pages may only be framed by https://partner.example.com: Chromium refuses them.',
    mock: { allowOrigins: ['https://partner.example.com'] },
  },
  forbidden: {
    description:
      'Zipteams rejects the API credentials (403): the partner answers 502 upstream_forbidden.',
    fault: { status: 403, sticky: true },
  },
  unavailable: {
    description: 'Zipteams fails (500): the partner answers 502 upstream_error, retryable.',
    fault: { status: 500, sticky: true },
  },
  ratelimited: {
    description: 'Zipteams rate-limits (429, Retry-After 30): the partner passes the 429 on.',
    fault: { status: 429, sticky: true, retryAfterSeconds: 30 },
  },
  hang: {
    description: 'Zipteams never answers the token request.',
    fault: { hang: true, sticky: true },
    partner: { timeoutMs: 600_000 },
  },
} as const satisfies Record<string, StackScenario>;

/** A scenario name. */
export type ScenarioName = keyof typeof SCENARIOS;
