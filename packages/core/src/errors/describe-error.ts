import { isZipteamsError, type ZipteamsError } from './errors.js';

/** Words for a failure that a dashboard user (not a developer) understands. */
export interface ErrorDescription {
  readonly title: string;
  readonly detail: string;
}

const UNUSABLE_ANSWER = 'The server sent an answer we could not use. Please try again later.';

/** Details by error code; `http`, `token_expired` and the frame errors are worded below. */
const DETAILS: Partial<Record<string, string>> = {
  network: 'We could not reach the server. Check your connection; we will keep trying.',
  timeout: 'The server took too long to answer. We will keep trying.',
  rate_limited: 'Too many requests just now. We will try again shortly.',
  bad_response: UNUSABLE_ANSWER,
  expired_on_arrival: UNUSABLE_ANSWER,
};

/**
 * Describes an error of the kit for the people looking at the dashboard. The default error UIs
 * (React and the custom elements) use it; custom fallbacks may too.
 */
export function describeError(error: ZipteamsError | Error | undefined): ErrorDescription {
  let title = 'The dashboard could not be shown';
  let detail: string | undefined;
  if (error && isZipteamsError(error)) {
    const { code } = error;
    detail = DETAILS[code];
    if (code === 'token_expired') {
      title = 'The dashboard session expired';
      detail = 'Reconnecting… You can also retry now.';
    } else if (code === 'frame_blocked') {
      title = 'The dashboard could not be displayed on this page';
      detail = error.message;
    } else if (code === 'network' && 'refusedBy' in error && error.refusedBy) {
      detail = error.message; // this page's own policy: the message names what to add
    } else if (code === 'frame_unreachable') {
      title = 'The dashboard service cannot be reached';
      detail = 'Its pages may be down or blocked on this network. We will keep trying.';
    } else if (code === 'http') {
      const status = 'status' in error ? Number(error.status) : 0;
      detail =
        status === 401 ||
        status === 403 ||
        ('serverCode' in error && error.serverCode === 'unauthenticated')
          ? 'You do not have access to this dashboard, or your sign-in has expired.'
          : !error.retryable
            ? 'The dashboard is not available right now. Please try again later or contact support.'
            : status >= 500
              ? 'The dashboard service is having trouble. We will keep trying.'
              : `The server refused the request (HTTP ${status}).`;
    }
  }
  return { title, detail: detail ?? 'Something went wrong. Please try again.' };
}
