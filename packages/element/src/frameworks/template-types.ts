/**
 * The framework-neutral shape of `<zipteams-dashboard>` and `<zipteams-call-details>` in a
 * template: their attributes (what HTML can carry: strings, numbers written as text), their
 * writable properties (typed values, set on the element object) and their events. The Vue, Svelte
 * and JSX entries (`@zipteams/element/vue`, `/svelte`, `/jsx`) map these onto each framework.
 */
import type { DashboardTheme, ReadySignal } from '@zipteams/embed-core';
import type { ZipteamsEmbedElement, ZipteamsEventDetail } from '../index.js';

/** Attributes both elements take. Kebab-case: a framework sets them with `setAttribute`. */
export interface ZipteamsEmbedAttributes {
  /** Your token endpoint (GET, same-origin credentials). */
  'token-url'?: string;
  /** Names the token source; required with the `fetchToken` property. */
  'token-key'?: string;
  /** Origin of the Zipteams pages; default `https://app.zipteams.com`, the mock's URL in development. */
  'base-url'?: string;
  /** A number (px) or any CSS height; default 800 px. */
  height?: number | string;
  /** `"false"`: this source fetches its own token in every tab (default: shared). */
  'share-across-tabs'?: 'true' | 'false';
  /** Milliseconds a page may take to load before it counts as failed; default 20000. */
  'load-timeout'?: number | `${number}`;
  /** `load` or `message` (default: `load` for the real platform, `message` for the mock). */
  'ready-signal'?: ReadySignal;
}

/** `<zipteams-dashboard>`'s attributes. */
export interface ZipteamsDashboardAttributes extends ZipteamsEmbedAttributes {
  /** `light` (default) or `dark`. */
  theme?: DashboardTheme;
  /** Only this agent's data. */
  'agent-id'?: string;
}

/** `<zipteams-call-details>`'s attributes. */
export interface ZipteamsCallDetailsAttributes extends ZipteamsEmbedAttributes {
  /** The call to show (required: without it the element shows an `invalid_argument` error). */
  'call-id'?: string;
}

/**
 * Writable properties both elements have. CamelCase: a framework assigns them to the element
 * object, so they carry typed values and what attributes cannot (functions, objects).
 */
export interface ZipteamsEmbedProperties {
  /** The `token-url` attribute, as a property. */
  tokenUrl?: string;
  /** The `token-key` attribute, as a property. */
  tokenKey?: string;
  /** The `base-url` attribute, as a property. */
  baseUrl?: string;
  /** The `height` attribute, as a property. */
  height?: number | string;
  /** `false`: this source fetches its own token in every tab (the `share-across-tabs` attribute). */
  shareAcrossTabs?: boolean;
  /** The `load-timeout` attribute, as a property (ms). */
  loadTimeout?: number;
  /** The `ready-signal` attribute, as a property. */
  readySignal?: ReadySignal;
  /** Your own token function, instead of `token-url`; needs `tokenKey`. */
  fetchToken?: ZipteamsEmbedElement['fetchToken'];
  /** Extra fetch options for `token-url` (headers, credentials, …). */
  tokenRequestInit?: ZipteamsEmbedElement['tokenRequestInit'];
  /** A token minted while your server rendered the page: the token endpoint's 200 body. */
  initialToken?: ZipteamsEmbedElement['initialToken'];
}

/** `<zipteams-dashboard>`'s writable properties. */
export interface ZipteamsDashboardProperties extends ZipteamsEmbedProperties {
  /** The `theme` attribute, as a property. */
  theme?: DashboardTheme;
  /** The `agent-id` attribute, as a property. */
  agentId?: string;
}

/** `<zipteams-call-details>`'s writable properties. */
export interface ZipteamsCallDetailsProperties extends ZipteamsEmbedProperties {
  /** The `call-id` attribute, as a property. */
  callId?: string;
}

/** The elements' events by name: each a `CustomEvent` with its `ZipteamsEventDetail`. */
export type ZipteamsEvents = {
  [K in keyof ZipteamsEventDetail]: CustomEvent<ZipteamsEventDetail[K]>;
};
