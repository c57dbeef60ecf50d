import { buildInsightsUrl, type DashboardTheme } from '@zipteams/embed-core';
import { ZipteamsEmbedElement } from './zipteams-embed-element.js';

/**
 * `<zipteams-dashboard>`: the Zipteams Insights Dashboard (`/view-insights`) in an iframe, with
 * its token fetched, shared and kept fresh. Attributes `theme` (`light` | `dark`) and `agent-id`
 * besides the common ones (see {@link ZipteamsEmbedElement}).
 *
 * @example
 * ```html
 * <zipteams-dashboard token-url="/api/zipteams/token" theme="dark"></zipteams-dashboard>
 * ```
 */
export class ZipteamsDashboardElement extends ZipteamsEmbedElement {
  protected readonly frameTitle = 'Zipteams Insights Dashboard';

  protected buildUrl(token: string, baseUrl: string): string {
    const theme = (this.getAttribute('theme') ?? undefined) as DashboardTheme | undefined;
    const agentId = this.getAttribute('agent-id') || undefined;
    return buildInsightsUrl({ token, baseUrl, theme, agentId });
  }
}
