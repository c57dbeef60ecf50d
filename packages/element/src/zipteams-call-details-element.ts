import { buildCallDetailsUrl } from '@zipteams/embed-core';
import { ZipteamsEmbedElement } from './zipteams-embed-element.js';

/**
 * `<zipteams-call-details call-id="…">`: the Zipteams Customer Details page of one call
 * (`/call-details/<call-id>`) in an iframe. A missing or bad `call-id` is an `invalid_argument`
 * error shown in place of the page.
 *
 * @example
 * ```html
 * <zipteams-call-details token-url="/api/zipteams/token" call-id="call-123"></zipteams-call-details>
 * ```
 */
export class ZipteamsCallDetailsElement extends ZipteamsEmbedElement {
  protected readonly frameTitle = 'Zipteams call details';

  protected buildUrl(token: string, baseUrl: string): string {
    return buildCallDetailsUrl({ token, baseUrl, callId: this.getAttribute('call-id') ?? '' });
  }
}
