/**
 * Vue 3 template types for `<zipteams-dashboard>` and `<zipteams-call-details>`: `vue-tsc` (and
 * Vue's editor tooling) checks their attributes, properties and `@zipteams-*` event handlers.
 * Turned on by `import '@zipteams/element/vue'` (which also registers the elements) or
 * `/// <reference types="@zipteams/element/vue" />` (types only). Vue itself must still be told
 * that `zipteams-*` tags are custom elements: `compilerOptions.isCustomElement`.
 *
 * @packageDocumentation
 */
import type { DefineComponent, HTMLAttributes } from 'vue';
import type {
  ZipteamsCallDetailsAttributes,
  ZipteamsCallDetailsProperties,
  ZipteamsDashboardAttributes,
  ZipteamsDashboardProperties,
  ZipteamsEvents,
} from './template-types.js';

/** `token-url` → `tokenUrl`: the name `vue-tsc` checks a template binding under. */
type Camel<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Head}${Capitalize<Camel<Tail>>}`
  : S;

/**
 * Vue normalises `token-url` and `tokenUrl` to one prop name when it type-checks a template, but
 * at run time it sets kebab-case as an attribute and camelCase as a property. So each name here
 * takes the attribute's type or the property's.
 */
type VueBindings<Attributes, Properties> = {
  [K in keyof Attributes as Camel<K & string>]?: Attributes[K];
} extends infer A
  ? {
      [K in keyof A | keyof Properties]?:
        (K extends keyof A ? A[K] : never) | (K extends keyof Properties ? Properties[K] : never);
    }
  : never;

/**
 * The `@zipteams-*` listeners as Vue sees them: `@zipteams-status="onStatus"` compiles to the
 * `onZipteamsStatus` prop, and its handler receives the element's `CustomEvent`.
 */
export interface ZipteamsVueEvents {
  onZipteamsStatus?: (event: ZipteamsEvents['zipteams-status']) => void;
  onZipteamsError?: (event: ZipteamsEvents['zipteams-error']) => void;
  onZipteamsLoad?: (event: ZipteamsEvents['zipteams-load']) => void;
  onZipteamsToken?: (event: ZipteamsEvents['zipteams-token']) => void;
}

/** `<zipteams-dashboard>` in a Vue template: HTML attributes, its own, properties, events. */
export type ZipteamsDashboardVueProps = HTMLAttributes &
  VueBindings<ZipteamsDashboardAttributes, ZipteamsDashboardProperties> &
  ZipteamsVueEvents;

/** `<zipteams-call-details>` in a Vue template: HTML attributes, its own, properties, events. */
export type ZipteamsCallDetailsVueProps = HTMLAttributes &
  VueBindings<ZipteamsCallDetailsAttributes, ZipteamsCallDetailsProperties> &
  ZipteamsVueEvents;

declare module 'vue' {
  interface GlobalComponents {
    'zipteams-dashboard': DefineComponent<ZipteamsDashboardVueProps>;
    'zipteams-call-details': DefineComponent<ZipteamsCallDetailsVueProps>;
  }
  /** `slot` is a global HTML attribute (`<p slot="loading">` fills the element's loading slot). */
  interface HTMLAttributes {
    slot?: string;
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
