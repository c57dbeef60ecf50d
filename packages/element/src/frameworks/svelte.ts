/**
 * Svelte 5 template types for `<zipteams-dashboard>` and `<zipteams-call-details>`:
 * `svelte-check` (and Svelte's editor tooling) checks their attributes, properties and
 * `onzipteams-*` event attributes. Turned on by `import '@zipteams/element/svelte'` (which also
 * registers the elements) or `/// <reference types="@zipteams/element/svelte" />` in `app.d.ts`
 * (types only).
 *
 * @packageDocumentation
 */
import type { EventHandler, HTMLAttributes } from 'svelte/elements';
import type { ZipteamsCallDetailsElement, ZipteamsDashboardElement } from '../index.js';
import type {
  ZipteamsCallDetailsAttributes,
  ZipteamsCallDetailsProperties,
  ZipteamsDashboardAttributes,
  ZipteamsDashboardProperties,
  ZipteamsEvents,
} from './template-types.js';

/**
 * Svelte 5 event attributes: `onzipteams-status={(event) => …}` listens for `zipteams-status`,
 * with the element as `event.currentTarget`.
 */
export interface ZipteamsSvelteEvents<Element extends EventTarget> {
  'onzipteams-status'?: EventHandler<ZipteamsEvents['zipteams-status'], Element> | null;
  'onzipteams-error'?: EventHandler<ZipteamsEvents['zipteams-error'], Element> | null;
  'onzipteams-load'?: EventHandler<ZipteamsEvents['zipteams-load'], Element> | null;
  'onzipteams-token'?: EventHandler<ZipteamsEvents['zipteams-token'], Element> | null;
}

/** `<zipteams-dashboard>` in a Svelte template: HTML attributes, its own, properties, events. */
export type ZipteamsDashboardSvelteProps = Omit<
  HTMLAttributes<ZipteamsDashboardElement>,
  'height'
> &
  ZipteamsDashboardAttributes &
  ZipteamsDashboardProperties &
  ZipteamsSvelteEvents<ZipteamsDashboardElement>;

/** `<zipteams-call-details>` in a Svelte template: HTML attributes, its own, properties, events. */
export type ZipteamsCallDetailsSvelteProps = Omit<
  HTMLAttributes<ZipteamsCallDetailsElement>,
  'height'
> &
  ZipteamsCallDetailsAttributes &
  ZipteamsCallDetailsProperties &
  ZipteamsSvelteEvents<ZipteamsCallDetailsElement>;

declare module 'svelte/elements' {
  interface SvelteHTMLElements {
    'zipteams-dashboard': ZipteamsDashboardSvelteProps;
    'zipteams-call-details': ZipteamsCallDetailsSvelteProps;
  }
}

export type {
  ZipteamsCallDetailsAttributes,
  ZipteamsCallDetailsProperties,
  ZipteamsDashboardAttributes,
  ZipteamsDashboardProperties,
  ZipteamsEmbedAttributes,
  ZipteamsEmbedProperties,
  ZipteamsEvents,
} from './template-types.js';
