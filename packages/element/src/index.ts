import { defineZipteamsElements } from './define.js';
import type { ZipteamsCallDetailsElement } from './zipteams-call-details-element.js';
import type { ZipteamsDashboardElement } from './zipteams-dashboard-element.js';
import type { ZipteamsEventDetail } from './zipteams-embed-element.js';

// The side effect this module exists for (listed in package.json `sideEffects`).
defineZipteamsElements();

export { defineZipteamsElements } from './define.js';
export { ZipteamsEmbedElement } from './zipteams-embed-element.js';
export type { ZipteamsEventDetail } from './zipteams-embed-element.js';
export { ZipteamsDashboardElement } from './zipteams-dashboard-element.js';
export { ZipteamsCallDetailsElement } from './zipteams-call-details-element.js';
// The sign-out call: it reaches every copy of the kit on the page (this bundle's and React's).
export { clearSharedTokens } from '@zipteams/embed-core';

declare global {
  interface HTMLElementTagNameMap {
    'zipteams-dashboard': ZipteamsDashboardElement;
    'zipteams-call-details': ZipteamsCallDetailsElement;
  }
  interface HTMLElementEventMap {
    'zipteams-status': CustomEvent<ZipteamsEventDetail['zipteams-status']>;
    'zipteams-error': CustomEvent<ZipteamsEventDetail['zipteams-error']>;
    'zipteams-load': CustomEvent<ZipteamsEventDetail['zipteams-load']>;
    'zipteams-token': CustomEvent<ZipteamsEventDetail['zipteams-token']>;
  }
}
