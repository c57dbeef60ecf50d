import type { ActiveFault, MockFault } from './token-api/faults.js';

/** Counters since creation or the last reset, as `stats()` and `GET /__mock/stats` report them. */
export interface MockStats {
  /** Tokens the token API handed out (status 200 with a token). */
  tokensMinted: number;
  /** GET requests that reached the token API, whatever their answer. */
  tokenRequests: number;
  /** Token API answers by HTTP status, e.g. `{ "200": 3, "429": 1 }`. */
  byStatus: Record<string, number>;
  /** Page answers: rendered insights and call-details pages, and error pages (401 or in-page). */
  pageViews: { insights: number; callDetails: number; errors: number };
  /** Token requests a fault is holding right now (latency or hang). */
  pending: number;
}

/** The fault switches of the token API. */
export interface MockFaultControls {
  /** Replaces the fault in force; throws a `TypeError` for an invalid fault. */
  set(fault: MockFault): ActiveFault;
  /** Removes the fault in force and lets hanging requests go on to their normal answer. */
  clear(): void;
  /** The fault in force, or `null`. */
  get(): ActiveFault | null;
}

/**
 * The mock platform: a Web-standard `Request -> Response` handler that also carries its
 * test switches.
 */
export interface MockPlatform {
  (request: Request): Promise<Response>;
  /** The handler itself, for runtimes and servers that expect `{ fetch }`. */
  readonly fetch: (request: Request) => Promise<Response>;
  readonly faults: MockFaultControls;
  /** A snapshot of the counters. */
  stats(): MockStats;
  /** Zeroes the counters, clears faults (releasing hanging requests) and forgets the rate-limit windows. */
  reset(): void;
  /**
   * Ends every request a fault is holding (they reject with an `AbortError`) and clears
   * faults. The handler keeps answering afterwards.
   */
  close(): void;
  /** Signs a token as the token API would, without counting it or applying rate limits or faults. */
  mintToken(tenantId: string, subTenantId: string): Promise<string>;
}
