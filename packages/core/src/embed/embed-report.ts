import type { EmbedSessionOptions, EmbedSnapshot } from './embed-session-types.js';
import type { Clock } from '../timing/environment.js';
import type { ZipteamsError } from '../errors/errors.js';
import { devLog, safeCall } from '../errors/dev-log.js';
import { firstOnPage, notifyPage } from '../page-registry.js';
import { timingMark, timingMeasure, timingNow } from '../timing/user-timing.js';

// Replaced by bundlers; see dev-log.ts for the development-only pattern.
declare const process: { env: { NODE_ENV?: string } };

/**
 * What a session tells the world when its snapshot changes, each once: the partner's callbacks
 * (called safely), the developer (a new error on the console, development builds only), the
 * browser's timeline (User Timing) and the devtools (the page registry, the last five errors).
 * `report(snapshot)` compares with the snapshot it was last given.
 */
export function embedReport(
  options: () => EmbedSessionOptions,
  origin: () => string | undefined,
  clock: Clock,
) {
  let reported: EmbedSnapshot | undefined;
  let logged: string | undefined;
  let shownOnce = false;
  const mountedAt = timingNow();
  const errors: { at: number; error: ZipteamsError }[] = [];
  return {
    /** The last errors, newest last, for the devtools. */
    errors,
    /** True when `next` was already reported. */
    has: (next: EmbedSnapshot) => reported === next,
    report(next: EmbedSnapshot) {
      const before = reported;
      reported = next;
      const { onStatusChange, onError, onTokenRefresh, onLoad } = options();
      const { error, active, state } = next;
      const token = state.input.token;
      const shown = active?.ready && active.id;
      if (next.status !== before?.status) safeCall(onStatusChange, next.status);
      if (error && error !== before?.error) {
        try {
          // Development builds only (see dev-log.ts). The same failure again (a retry that failed
          // alike) is not news to the developer.
          if (process.env.NODE_ENV !== 'production' && error.code + error.message !== logged) {
            logged = error.code + error.message;
            devLog(error, error.code.startsWith('frame') ? origin() : state.input.tokenUrl);
          }
        } catch {
          // No bundler: silent.
        }
        timingMark('failure', { code: error.code });
        if (errors.push({ at: clock.now(), error }) > 5) errors.shift();
        safeCall(onError, error);
      }
      if (token && token.token !== before?.state.input.token?.token)
        safeCall(onTokenRefresh, token);
      notifyPage();
      if (shown && shown !== (before?.active?.ready && before.active.id)) {
        if (shownOnce) timingMark('rotation');
        else {
          shownOnce = true;
          timingMeasure('first-frame', mountedAt);
          if (firstOnPage('first-frame')) timingMeasure('first-frame-since-navigation', 0);
        }
        safeCall(onLoad, undefined);
      }
    },
  };
}
