import type { CspRefusal } from './csp-refusal.js';
import type { Timers } from '../timing/environment.js';

/** The origin of `url` (resolved against `base` when given), or undefined when it is not a URL. */
export function originOf(url: string, base?: string): string | undefined {
  try {
    return new URL(url, base).origin;
  } catch {
    return undefined;
  }
}

/**
 * One Content-Security-Policy violation of this page (an enforced policy only), as the kit reads
 * it: never the blocked URL itself, which can hold a token.
 */
export interface CspViolation {
  /** The directive that governs the request (`frame-src`, `connect-src`, …). */
  readonly directive: string;
  /**
   * The directive of the page's policy that refused it: `directive` itself, or the one it falls
   * back to when the policy lacks it (`child-src`, `default-src`).
   */
  readonly refusedBy: string;
  /** Origin of the blocked URL; empty when the browser gives none (inline code, `eval`). */
  readonly origin: string;
}

/** Calls `listener` for each violation of this page until the returned function is called. */
export type CspViolationSource = (listener: (violation: CspViolation) => void) => () => void;

// CSP 3: the directives a request of each kind falls back to when the policy lacks its own.
const FALLBACKS: Record<string, readonly string[]> = {
  'frame-src': ['frame-src', 'child-src', 'default-src'],
  'connect-src': ['connect-src', 'default-src'],
};

/** Which directive of `policy` refused a request governed by `directive`. */
export function refusingDirective(directive: string, policy: string): string {
  const present = new Set(policy.split(';').map((part) => part.trim().split(/\s+/)[0]));
  return (FALLBACKS[directive] ?? [directive]).find((name) => present.has(name)) ?? directive;
}

interface ViolationFields {
  readonly effectiveDirective?: string;
  readonly blockedURI?: string;
  readonly blockedURL?: string;
  readonly originalPolicy?: string;
  readonly disposition?: string;
}

/**
 * The browser's violations: the page's `securitypolicyviolation` events, and the reports made
 * before anyone listened (a server-rendered frame refused while the page was parsed) through a
 * buffered `ReportingObserver`. A violation may arrive twice (event and report); consumers treat
 * a repeat as the news it already was.
 */
export const browserCspViolations: CspViolationSource = (listener) =>
  pageViolations(listener, true);

/**
 * The violations of this page from now on: its `securitypolicyviolation` events only, without the
 * reports of earlier ones (for one request, whose violation can only come after it starts).
 */
export const liveCspViolations: CspViolationSource = (listener) => pageViolations(listener, false);

function pageViolations(listener: (violation: CspViolation) => void, buffered: boolean) {
  if (typeof document === 'undefined') return () => {};
  const take = (fields: ViolationFields | null | undefined) => {
    const directive = fields?.effectiveDirective;
    if (!directive || fields.disposition === 'report') return;
    listener({
      directive,
      refusedBy: refusingDirective(directive, fields.originalPolicy ?? ''),
      origin: originOf(fields.blockedURI ?? fields.blockedURL ?? '') ?? '',
    });
  };
  const onViolation = (event: Event) => take(event as unknown as ViolationFields);
  document.addEventListener('securitypolicyviolation', onViolation);
  let observer: { disconnect(): void } | undefined;
  try {
    const Observer = (
      globalThis as {
        ReportingObserver?: new (
          callback: (reports: { body?: unknown }[]) => void,
          options: object,
        ) => { observe(): void; disconnect(): void };
      }
    ).ReportingObserver;
    if (Observer && buffered) {
      const reporting = new Observer(
        (reports) => {
          for (const report of reports) take(report.body as ViolationFields);
        },
        { types: ['csp-violation'], buffered: true },
      );
      reporting.observe();
      observer = reporting;
    }
  } catch {
    // No Reporting API: live events only.
  }
  return () => {
    document.removeEventListener('securitypolicyviolation', onViolation);
    observer?.disconnect();
  };
}

/** Time a failed request waits for its violation, which may arrive just after the failure. */
const VIOLATION_WAIT_MS = 100;

/**
 * Watches, for one request to `url`, whether this page's own policy refuses it (`connect-src`):
 * the request then fails like being offline, and only the page's violation says why. Start it
 * before the request; `refusal()` (after a failure) resolves the refusal, waiting up to 100 ms for
 * a violation not seen yet, or undefined. `stop()` ends the watch (and a wait under way). Undefined where there is no
 * page to watch (`violations` not given and no `document`), and for a URL on the page's own
 * origin: a policy rarely refuses its own origin, while a same-origin endpoint that redirects to
 * a refused one (a sign-in page) is reported under the page's origin, which would be wrong advice.
 * By default only live events count, never the reports of earlier violations.
 */
export function watchRequestRefusal(
  url: string | URL,
  violations: CspViolationSource | undefined,
  timers: Timers,
): { refusal(): Promise<CspRefusal | undefined>; stop(): void } | undefined {
  const source = violations ?? (typeof document === 'undefined' ? undefined : liveCspViolations);
  const page = typeof location === 'undefined' ? undefined : location;
  const origin = originOf(String(url), page?.href);
  if (!source || !origin || origin === page?.origin) return undefined;
  let refused: CspRefusal | undefined;
  // Ends a wait under way (the violation came, or the watch stopped): no timer left behind.
  let seen: (() => void) | undefined;
  const off = source(({ directive, refusedBy, origin: blocked }) => {
    if (directive !== 'connect-src' || blocked !== origin) return;
    refused = { directive: refusedBy, origin };
    seen?.();
  });
  return {
    stop() {
      off();
      seen?.();
    },
    refusal: () =>
      refused
        ? Promise.resolve(refused)
        : new Promise((resolve) => {
            const handle = timers.setTimeout(() => resolve(refused), VIOLATION_WAIT_MS);
            seen = () => {
              timers.clearTimeout(handle);
              resolve(refused);
            };
          }),
  };
}
