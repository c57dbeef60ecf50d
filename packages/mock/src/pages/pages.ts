import {
  callDetailsData,
  insightsData,
  WEEKDAYS,
  type CallDetailsData,
  type InsightsData,
} from './dashboard-data.js';
import { escapeHtml, formatCountdown } from './html.js';
import { COUNTDOWN_SCRIPT, PAGE_STYLE } from './page-assets.js';
import type { TokenProblem } from '../token-api/tokens.js';

/** The two themes of the dashboard pages; anything else falls back to `light`. */
export type Theme = 'light' | 'dark';

/** Why a page shows an error: a token problem (HTTP 401) or an unknown id (HTTP 200, in-page). */
export type PageError = TokenProblem | 'unknown-agent' | 'unknown-call';

export function parseTheme(value: string | null): Theme {
  return value === 'dark' ? 'dark' : 'light';
}

/** What every authorised page shows about its token. */
export interface PageSession {
  tenantId: string;
  subTenantId: string;
  /** Token expiry, seconds since the epoch. */
  exp: number;
  /** Seconds left at render time, by the platform's clock. */
  expiresIn: number;
  theme: Theme;
}

/** The page kinds that announce themselves to the embedding window. */
export type ReadyPage = 'insights' | 'call-details' | 'error';

/**
 * The inline script that tells the embedding window this page rendered:
 * `{ type: 'zipteams:ready', page }`, posted to `window.parent` when the page is framed. A frame
 * refused by CSP `frame-ancestors` still fires `load` in Chromium, so only a message sent from
 * inside the page proves it rendered. It runs first thing in `<head>`, before any other markup.
 * The target origin is '*' on purpose: the message holds only these two fixed strings, never the
 * token, a claim or any id from the request, so any window may read it, and the mock need not know
 * the partner's origin. (The embedding side checks `event.origin` and `event.source`.)
 */
export function readyScript(page: ReadyPage): string {
  return `(function(){if(window.parent!==window)window.parent.postMessage({type:'zipteams:ready',page:'${page}'},'*')})();`;
}

function attributes(values: Readonly<Record<string, string | number | undefined>>): string {
  return Object.entries(values)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeHtml(value)}"`)
    .join('');
}

function documentHtml(
  title: string,
  theme: Theme,
  main: string,
  withCountdown: boolean,
  ready?: ReadyPage,
): string {
  return `<!doctype html>
<html lang="en" data-theme="${theme}">
<head>
<meta charset="utf-8">
${ready === undefined ? '' : `<script>${readyScript(ready)}</script>\n`}<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} · Zipteams (mock)</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
${main}
${withCountdown ? `<script>${COUNTDOWN_SCRIPT}</script>\n` : ''}</body>
</html>
`;
}

function header(session: PageSession, subject: string): string {
  return `<header class="zt-top">
<div class="zt-brand"><span class="zt-logo">Z</span>Zipteams<span class="zt-badge">mock</span></div>
<div class="zt-context">Tenant <b>${escapeHtml(session.tenantId)}</b> · Subtenant <b>${escapeHtml(session.subTenantId)}</b>${subject}</div>
<div class="zt-timer">Token expires in <span data-zipteams-countdown>${formatCountdown(session.expiresIn)}</span></div>
</header>`;
}

function sessionAttributes(session: PageSession): Record<string, string | number> {
  return {
    'data-tenant-id': session.tenantId,
    'data-sub-tenant-id': session.subTenantId,
    'data-theme': session.theme,
    'data-token-exp': session.exp,
    'data-token-expires-in': session.expiresIn,
    'data-token-state': session.expiresIn > 0 ? 'valid' : 'expired',
  };
}

function duration(seconds: number): string {
  return `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, '0')}s`;
}

function sentimentClass(score: number): string {
  if (score >= 75) return 'good';
  if (score >= 55) return 'warn';
  return 'bad';
}

function card(label: string, value: string, kind: 'number' | 'text' = 'number'): string {
  return `<div class="zt-card"><div class="label">${escapeHtml(label)}</div><div class="value${kind === 'text' ? ' text' : ''}">${escapeHtml(value)}</div></div>`;
}

function barChart(data: InsightsData): string {
  const max = Math.max(1, ...data.callsPerDay);
  const bars = data.callsPerDay
    .map((calls, index) => {
      const height = Math.max(2, Math.round((calls / max) * 100));
      return `<div class="zt-bar" title="${calls} calls"><span>${calls}</span><i style="height:${height}%"></i><span>${WEEKDAYS[index] ?? ''}</span></div>`;
    })
    .join('');
  return `<section class="zt-panel" aria-label="Calls per day"><h2>Calls this week</h2><div class="zt-bars">${bars}</div></section>`;
}

function topicList(data: InsightsData): string {
  const items = data.topics
    .map(
      (topic) =>
        `<li><div>${escapeHtml(topic.name)} <span class="zt-context">${topic.share}%</span></div><div class="track"><i style="width:${topic.share}%"></i></div></li>`,
    )
    .join('');
  return `<section class="zt-panel" aria-label="Top topics"><h2>Top topics</h2><ul class="zt-topics">${items}</ul></section>`;
}

function callTable(data: InsightsData): string {
  const rows = data.recentCalls
    .map(
      (call) =>
        `<tr data-call-id="${escapeHtml(call.callId)}"><td>${escapeHtml(call.callId)}</td><td>${escapeHtml(call.customer)}<br><span class="zt-context">${escapeHtml(call.company)}</span></td><td>${escapeHtml(call.agent)}</td><td class="num">${duration(call.durationSeconds)}</td><td class="num ${sentimentClass(call.sentiment)}">${call.sentiment}</td><td>${escapeHtml(call.outcome)}</td></tr>`,
    )
    .join('');
  return `<section class="zt-panel zt-table" aria-label="Recent calls"><h2>Recent calls</h2><table><thead><tr><th>Call</th><th>Customer</th><th>Agent</th><th>Duration</th><th>Sentiment</th><th>Outcome</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

/** The Insights Dashboard (`/view-insights`), optionally narrowed to one agent. */
export function renderInsightsPage(session: PageSession, agentId: string | undefined): string {
  const data = insightsData(session.tenantId, session.subTenantId, agentId);
  const subject = agentId === undefined ? '' : ` · Agent <b>${escapeHtml(agentId)}</b>`;
  const main = `<main class="zt"${attributes({
    'data-zipteams-page': 'insights',
    ...sessionAttributes(session),
    'data-agent-id': agentId,
  })}>
${header(session, subject)}
<h1>${agentId === undefined ? 'Conversation insights' : `Insights for agent ${escapeHtml(agentId)}`}</h1>
<div class="zt-cards">
${card('Calls analysed', data.callsAnalysed.toLocaleString('en-US'))}
${card('Avg. call duration', duration(data.avgDurationSeconds))}
${card('Talk : listen', `${data.talkRatio} : ${100 - data.talkRatio}`)}
${card('Avg. sentiment', `${data.avgSentiment} / 100`)}
${card('Positive outcomes', `${data.positiveRate}%`)}
</div>
<div class="zt-grid">
${barChart(data)}
${topicList(data)}
</div>
${callTable(data)}
</main>`;
  return documentHtml('Insights', session.theme, main, true, 'insights');
}

function callBody(data: CallDetailsData): string {
  const moments = data.moments
    .map(
      (moment) => `<li><time>${duration(moment.atSeconds)}</time>${escapeHtml(moment.label)}</li>`,
    )
    .join('');
  const actions = data.actions.map((action) => `<li>${escapeHtml(action)}</li>`).join('');
  return `<div class="zt-cards">
${card('Customer', data.customer, 'text')}
${card('Company', data.company, 'text')}
${card('Agent', data.agent, 'text')}
${card('Duration', duration(data.durationSeconds))}
${card('Sentiment', `${data.sentiment} / 100`)}
</div>
<div class="zt-grid">
<section class="zt-panel" aria-label="Summary"><h2>Summary</h2><p>${escapeHtml(data.summary)}</p><p>Outcome: <b>${escapeHtml(data.outcome)}</b></p>
<h2>Talk ratio</h2><div>Agent ${data.agentTalkShare}% · Customer ${100 - data.agentTalkShare}%</div><div class="zt-ratio"><i style="width:${data.agentTalkShare}%"></i></div></section>
<section class="zt-panel" aria-label="Key moments"><h2>Key moments</h2><ul class="zt-moments">${moments}</ul></section>
<section class="zt-panel" aria-label="Action items"><h2>Action items</h2><ul>${actions}</ul></section>
</div>`;
}

/** The Customer Details page (`/call-details/:callId`) for one analysed call. */
export function renderCallDetailsPage(session: PageSession, callId: string): string {
  const data = callDetailsData(session.tenantId, session.subTenantId, callId);
  const main = `<main class="zt"${attributes({
    'data-zipteams-page': 'call-details',
    ...sessionAttributes(session),
    'data-call-id': callId,
  })}>
${header(session, ` · Call <b>${escapeHtml(callId)}</b>`)}
<h1>Call ${escapeHtml(callId)}</h1>
${callBody(data)}
</main>`;
  return documentHtml('Call details', session.theme, main, true, 'call-details');
}

const ERROR_TEXT: Readonly<Record<PageError, { title: string; detail: string }>> = {
  missing: {
    title: 'No access token',
    detail: 'This page was opened without a token. Open it from your application.',
  },
  invalid: {
    title: 'Invalid access token',
    detail: 'The token in this link is not valid. Reload the page in your application.',
  },
  expired: {
    title: 'Session expired',
    detail: 'The token in this link has expired. Reload the page in your application.',
  },
  'unknown-agent': {
    title: 'Agent not found',
    detail: 'There is no data for this agent id.',
  },
  'unknown-call': {
    title: 'Call not found',
    detail: 'This call does not exist or has not been processed yet.',
  },
};

/** An error shown inside the page: a token problem or an unknown agent or call id. */
export function renderErrorPage(
  error: PageError,
  theme: Theme,
  context: { agentId?: string; callId?: string } = {},
): string {
  const text = ERROR_TEXT[error];
  const main = `<main class="zt zt-error"${attributes({
    'data-zipteams-page': 'error',
    'data-error': error,
    'data-theme': theme,
    'data-agent-id': context.agentId,
    'data-call-id': context.callId,
  })}>
<div class="zt-panel" role="alert">
<div class="zt-brand"><span class="zt-logo">Z</span>Zipteams<span class="zt-badge">mock</span></div>
<h1>${escapeHtml(text.title)}</h1>
<p>${escapeHtml(text.detail)}</p>
</div>
</main>`;
  return documentHtml(text.title, theme, main, false, 'error');
}

/** The landing page at `/`, listing what the mock serves. */
export function renderIndexPage(): string {
  const main = `<main class="zt" data-zipteams-page="index">
<header class="zt-top"><div class="zt-brand"><span class="zt-logo">Z</span>Zipteams<span class="zt-badge">mock</span></div></header>
<section class="zt-panel">
<h1>Zipteams mock platform</h1>
<table><tbody>
<tr><td><code>GET /api/v1/partner/dashboard/auth/token</code></td><td>token API (headers x-api-key, x-api-secret, x-tenant-id, x-sub-tenant-id)</td></tr>
<tr><td><code>GET /view-insights?token=…&amp;theme=light|dark&amp;agent-id=…</code></td><td>Insights Dashboard</td></tr>
<tr><td><code>GET /call-details/&lt;call-id&gt;?token=…</code></td><td>Customer Details page</td></tr>
<tr><td><code>GET /__mock/stats</code>, <code>GET|POST|DELETE /__mock/faults</code>, <code>POST /__mock/reset</code>, <code>GET /__mock/health</code></td><td>test switches</td></tr>
</tbody></table>
</section>
</main>`;
  return documentHtml('Mock platform', 'light', main, false);
}
