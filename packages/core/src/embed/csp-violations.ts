import { originOf } from './known-refusal.js';

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
export const browserCspViolations: CspViolationSource = (listener) => {
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
    if (Observer) {
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
};
