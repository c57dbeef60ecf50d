import type { CspViolation } from './csp-violations.js';
import type { CspRefusal } from '../errors/csp-refusal.js';
import { NetworkError, type ZipteamsError } from '../errors/errors.js';

/**
 * Names a token request that this page's own Content-Security-Policy (`connect-src`) refused. The
 * token store sees only a failed fetch, like being offline; the page's violation event says why.
 * The session feeds it the token endpoint's origin and the page's violations, and passes the
 * store's error through `name`: a `network` error then carries `refusedBy` and says what to add.
 * `onChange` runs when a refusal is first seen (the error shown may change).
 */
export function tokenRefusal(onChange: () => void) {
  let origin: string | undefined;
  let refused: CspRefusal | undefined;
  // The last error named, so the same store error gives the same object (no re-render).
  let named: [ZipteamsError, NetworkError] | undefined;
  return {
    /** The token endpoint's origin now (undefined for a function source, or with no page). */
    watch(next: string | undefined): void {
      if (next !== origin) refused = undefined;
      origin = next;
    },
    /** A `CspViolationSource` listener. */
    onViolation({ directive, refusedBy, origin: blocked }: CspViolation): void {
      if (directive !== 'connect-src' || !blocked || blocked !== origin) return;
      refused = { directive: refusedBy, origin: blocked };
      onChange();
    },
    /** The store's error, named when the page's policy refused the request. */
    name(error: ZipteamsError | undefined): ZipteamsError | undefined {
      if (error?.code !== 'network' || !refused) return error;
      if (named?.[0] !== error) {
        named = [error, new NetworkError({ cause: error.cause, refusedBy: refused })];
      }
      return named[1];
    },
  };
}
