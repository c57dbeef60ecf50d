import { KitError, type ErrorCode } from './errors.js';
import { refusalMessage, type CspRefusal } from './csp-refusal.js';

// Replaced by bundlers; see dev-log.ts for the development-only pattern.
declare const process: { env: { NODE_ENV?: string } };

/** Milliseconds as seconds for a message: whole seconds, or one decimal (1500 → "1.5"). */
function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? String(ms / 1000) : (ms / 1000).toFixed(1);
}

/** What a blocked frame says; the likely causes are the developer's, left out of production. */
function blockedMessage(timeoutMs: number): string {
  let causes = '';
  try {
    if (process.env.NODE_ENV !== 'production') {
      causes =
        ' Likely causes: this page is not served over HTTPS, its domain is not whitelisted by ' +
        "Zipteams, or this page's Content-Security-Policy (frame-src) blocks the Zipteams origin.";
    }
  } catch {
    // No bundler: the short message.
  }
  return `The Zipteams page did not load within ${formatSeconds(timeoutMs)} s.${causes}`;
}

/**
 * The embedded page could not be shown. Either this page's own Content-Security-Policy refused
 * the frame (then {@link FrameBlockedError.refusedBy} names the directive and the origin to allow;
 * seen at once from the page's violation events), or the page did not signal that it loaded
 * within the load timeout: usually the platform refused to be framed here (the page is not on
 * HTTPS, or its domain is not whitelisted by Zipteams).
 */
export class FrameBlockedError extends KitError {
  declare readonly code: typeof ErrorCode.FrameBlocked;
  declare readonly retryable: true;
  /** The load timeout that passed, in ms (0 when the refusal was known without waiting). */
  declare readonly timeoutMs: number;
  /** Set when this page's own Content-Security-Policy refused the frame. */
  declare readonly refusedBy: CspRefusal | undefined;
  constructor(timeoutMs: number, message?: string, refusedBy?: CspRefusal) {
    super(
      'frame_blocked',
      true,
      message ??
        (refusedBy
          ? refusalMessage(refusedBy, 'the Zipteams page at', 'frame-src')
          : blockedMessage(timeoutMs)),
    );
    this.timeoutMs = timeoutMs;
    this.refusedBy = refusedBy;
  }
}

/**
 * The embedded page did not load within the load timeout and its host did not answer at all
 * (connection refused, DNS failure, offline): the Zipteams pages are down or unreachable from
 * this network. The kit keeps retrying in a hidden frame.
 */
export class FrameUnreachableError extends KitError {
  declare readonly code: typeof ErrorCode.FrameUnreachable;
  declare readonly retryable: true;
  /** The origin that could not be reached. */
  declare readonly origin: string;
  constructor(origin: string) {
    super(
      'frame_unreachable',
      true,
      `Could not reach the Zipteams pages at ${origin}: down or unreachable from here.`,
    );
    this.origin = origin;
  }
}
