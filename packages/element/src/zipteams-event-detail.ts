import type { DashboardToken, EmbedStatus, ZipteamsError } from '@zipteams/embed-core';

/** `detail` of the elements' DOM events (all bubble and cross shadow roots). */
export interface ZipteamsEventDetail {
  /** `zipteams-status`: the new status, as in `data-state`. */
  'zipteams-status': { readonly status: EmbedStatus };
  /** `zipteams-error`: a new failure, typed (`error.code`); its message never holds a token. */
  'zipteams-error': { readonly error: ZipteamsError };
  /** `zipteams-load`: a page became visible (the first, and each one swapped in). */
  'zipteams-load': Record<string, never>;
  /** `zipteams-token`: a new token arrived (its claims, local deadline; never log `token.token`). */
  'zipteams-token': { readonly token: DashboardToken };
}
