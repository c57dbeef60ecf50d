// Type tests (checked by `npm run typecheck`): every property the framework typings accept can be
// assigned to the element itself, so a template never type-checks a value the element's setter
// would refuse.
import type { ZipteamsCallDetailsElement, ZipteamsDashboardElement } from '../index.js';
import type {
  ZipteamsCallDetailsProperties,
  ZipteamsDashboardProperties,
  ZipteamsEmbedProperties,
} from './template-types.js';

type Defined<T> = { [K in keyof T]-?: Exclude<T[K], undefined> };

export function dashboardTakes(
  element: ZipteamsDashboardElement,
  value: Defined<ZipteamsDashboardProperties>,
): void {
  embedTakes(element, value);
  element.theme = value.theme;
  element.agentId = value.agentId;
}

export function callDetailsTakes(
  element: ZipteamsCallDetailsElement,
  value: Defined<ZipteamsCallDetailsProperties>,
): void {
  embedTakes(element, value);
  element.callId = value.callId;
}

function embedTakes(
  element: ZipteamsDashboardElement | ZipteamsCallDetailsElement,
  value: Defined<ZipteamsEmbedProperties>,
): void {
  element.fetchToken = value.fetchToken;
  element.tokenRequestInit = value.tokenRequestInit;
  element.initialToken = value.initialToken;
  element.tokenKey = value.tokenKey;
  element.tokenUrl = value.tokenUrl;
  element.baseUrl = value.baseUrl;
  element.shareAcrossTabs = value.shareAcrossTabs;
  element.loadTimeout = value.loadTimeout;
  element.readySignal = value.readySignal;
  // The element declares `height` as a string (what it reads back); its setter stores any value
  // as the attribute's text, so the templates also take a number of pixels.
  element.height = String(value.height);
}
