import { isZipteamsError, type ZipteamsError } from '@zipteams/embed-core';

/** Words for a failure that a dashboard user (not a developer) understands. */
export interface ErrorDescription {
  readonly title: string;
  readonly detail: string;
}

/**
 * Describes an error of the kit for the people looking at the dashboard. The default error UI
 * uses it; custom `errorFallback`s may too.
 */
export function describeError(error: ZipteamsError | Error | undefined): ErrorDescription {
  const title = 'The dashboard could not be shown';
  if (!error || !isZipteamsError(error)) {
    return { title, detail: 'Something went wrong. Please try again.' };
  }
  switch (error.code) {
    case 'network':
      return {
        title,
        detail: 'We could not reach the server. Check your connection; we will keep trying.',
      };
    case 'timeout':
      return { title, detail: 'The server took too long to answer. We will keep trying.' };
    case 'rate_limited':
      return { title, detail: 'Too many requests just now. We will try again shortly.' };
    case 'token_expired':
      return {
        title: 'The dashboard session expired',
        detail: 'Reconnecting… You can also retry now.',
      };
    case 'frame_blocked':
      return {
        title: 'The dashboard could not be displayed on this page',
        detail: error.message,
      };
    case 'bad_response':
    case 'expired_on_arrival':
      return {
        title,
        detail: 'The server sent an answer we could not use. Please try again later.',
      };
    case 'http': {
      const status = 'status' in error ? Number(error.status) : 0;
      const serverCode = 'serverCode' in error ? error.serverCode : undefined;
      if (status === 401 || status === 403 || serverCode === 'unauthenticated') {
        return {
          title,
          detail: 'You do not have access to this dashboard, or your sign-in has expired.',
        };
      }
      if (!error.retryable) {
        return {
          title,
          detail:
            'The dashboard is not available right now. Please try again later or contact support.',
        };
      }
      if (status >= 500) {
        return { title, detail: 'The dashboard service is having trouble. We will keep trying.' };
      }
      return { title, detail: `The server refused the request (HTTP ${status}).` };
    }
    default:
      return { title, detail: 'Something went wrong. Please try again.' };
  }
}
