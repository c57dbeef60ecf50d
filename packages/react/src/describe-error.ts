// The wording lives in core, shared with @zipteams/element's default error UI.
export { describeError } from '@zipteams/embed-core';
export type { ErrorDescription } from '@zipteams/embed-core';
