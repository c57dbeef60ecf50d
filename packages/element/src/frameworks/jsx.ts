/**
 * React 19 JSX types for `<zipteams-dashboard>` and `<zipteams-call-details>`: TypeScript checks
 * their properties, declared attributes and `onzipteams-*` listeners in `.tsx`. Turned on by
 * `import '@zipteams/element/jsx'` (which also registers the elements) or
 * `/// <reference types="@zipteams/element/jsx" />` (types only). React 19 sets a prop as a
 * property when the element has one (camelCase: `tokenUrl`, `fetchToken`), else as an attribute
 * (kebab-case: `token-url`), and listens for `zipteams-status` through `onzipteams-status`.
 * (TypeScript never reports an unknown attribute with a dash in JSX, so a misspelt kebab-case
 * name is not caught there; the camelCase properties are.)
 *
 * @packageDocumentation
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { ZipteamsCallDetailsElement, ZipteamsDashboardElement } from '../index.js';
import type {
  ZipteamsCallDetailsAttributes,
  ZipteamsCallDetailsProperties,
  ZipteamsDashboardAttributes,
  ZipteamsDashboardProperties,
  ZipteamsEvents,
} from './template-types.js';

/** React 19 listeners on the element: `onzipteams-status={(event) => …}`. */
export interface ZipteamsJsxEvents {
  'onzipteams-status'?: (event: ZipteamsEvents['zipteams-status']) => void;
  'onzipteams-error'?: (event: ZipteamsEvents['zipteams-error']) => void;
  'onzipteams-load'?: (event: ZipteamsEvents['zipteams-load']) => void;
  'onzipteams-token'?: (event: ZipteamsEvents['zipteams-token']) => void;
}

/** `<zipteams-dashboard>` in JSX: React's HTML props, its attributes, properties, events. */
export type ZipteamsDashboardJsxProps = DetailedHTMLProps<
  HTMLAttributes<ZipteamsDashboardElement>,
  ZipteamsDashboardElement
> &
  ZipteamsDashboardAttributes &
  ZipteamsDashboardProperties &
  ZipteamsJsxEvents;

/** `<zipteams-call-details>` in JSX: React's HTML props, its attributes, properties, events. */
export type ZipteamsCallDetailsJsxProps = DetailedHTMLProps<
  HTMLAttributes<ZipteamsCallDetailsElement>,
  ZipteamsCallDetailsElement
> &
  ZipteamsCallDetailsAttributes &
  ZipteamsCallDetailsProperties &
  ZipteamsJsxEvents;

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- React's JSX namespace is augmented so
  namespace JSX {
    interface IntrinsicElements {
      'zipteams-dashboard': ZipteamsDashboardJsxProps;
      'zipteams-call-details': ZipteamsCallDetailsJsxProps;
    }
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
