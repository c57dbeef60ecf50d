import { ZipteamsCallDetailsElement } from './zipteams-call-details-element.js';
import { ZipteamsDashboardElement } from './zipteams-dashboard-element.js';

/**
 * Registers `<zipteams-dashboard>` and `<zipteams-call-details>`. Guarded: a name already defined
 * (by an earlier call or another copy of this package) is left alone, and where there is no
 * `customElements` (server rendering, Node) nothing happens. Importing the package calls it.
 */
export function defineZipteamsElements(
  registry: CustomElementRegistry | undefined = globalThis.customElements,
): void {
  if (!registry) return;
  for (const [name, element] of [
    ['zipteams-dashboard', ZipteamsDashboardElement],
    ['zipteams-call-details', ZipteamsCallDetailsElement],
  ] as const) {
    if (!registry.get(name)) registry.define(name, element);
  }
}
