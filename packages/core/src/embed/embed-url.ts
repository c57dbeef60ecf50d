import { InvalidArgumentError } from '../errors/errors.js';
import { details } from '../errors/details.js';

/** Where the real Zipteams pages live. */
export const DEFAULT_APP_URL = 'https://app.zipteams.com';

/** Colour scheme of the Insights Dashboard. */
export type DashboardTheme = 'light' | 'dark';

/** Options of {@link buildInsightsUrl}. */
export interface InsightsUrlOptions {
  /** The dashboard token (JWT). */
  readonly token: string;
  /** Origin (optionally with a path prefix) of the Zipteams pages. Default {@link DEFAULT_APP_URL}. */
  readonly baseUrl?: string;
  /** `light` (the platform's default) or `dark`. */
  readonly theme?: DashboardTheme;
  /** Show only this agent's data (the id used when ingesting calls). */
  readonly agentId?: string;
}

/** Options of {@link buildCallDetailsUrl}. */
export interface CallDetailsUrlOptions {
  readonly token: string;
  readonly baseUrl?: string;
  /** The analysed call to show. */
  readonly callId: string;
}

function base(baseUrl: string | undefined): string {
  let url: URL | undefined;
  try {
    url = new URL(baseUrl ?? DEFAULT_APP_URL);
  } catch {
    // Not a URL: refused below.
  }
  if (!url || !/^https?:$/.test(url.protocol)) {
    throw new InvalidArgumentError('baseUrl', details(18 /* absolute */));
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new InvalidArgumentError('baseUrl', details(19 /* bare */));
  }
  return url.origin + url.pathname.replace(/\/+$/, '');
}

function encode(value: string, argument: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    throw new InvalidArgumentError(argument, details(20 /* unicode */));
  }
}

function requireText(value: unknown, argument: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidArgumentError(argument, details(21 /* text */));
  }
  return value;
}

/** Encodes a value as one path segment; `.` and `..` are refused (a browser would resolve them). */
function segment(value: string, argument: string): string {
  if (value === '.' || value === '..') {
    throw new InvalidArgumentError(argument, details(22 /* dots */));
  }
  return encode(value, argument);
}

/**
 * URL of the Insights Dashboard page: `<base>/view-insights?token=…[&theme=…][&agent-id=…]`.
 * Every value is percent-encoded: no input can add a parameter or change the path or host.
 *
 * @throws {@link InvalidArgumentError} for an empty token, a bad base URL, a theme other than
 * `light`/`dark`, or an empty agent id. The message never holds the token.
 */
export function buildInsightsUrl(options: InsightsUrlOptions): string {
  const token = requireText(options.token, 'token');
  let url = `${base(options.baseUrl)}/view-insights?token=${encode(token, 'token')}`;
  if (options.theme !== undefined) {
    if (options.theme !== 'light' && options.theme !== 'dark') {
      throw new InvalidArgumentError('theme', details(23 /* theme */));
    }
    url += `&theme=${options.theme}`;
  }
  if (options.agentId !== undefined) {
    url += `&agent-id=${encode(requireText(options.agentId, 'agentId'), 'agentId')}`;
  }
  return url;
}

/**
 * URL of the Customer Details page: `<base>/call-details/<callId>?token=…`.
 *
 * @throws {@link InvalidArgumentError} for an empty token or call id, `.`/`..` as call id, or a
 * bad base URL.
 */
export function buildCallDetailsUrl(options: CallDetailsUrlOptions): string {
  const token = requireText(options.token, 'token');
  const callId = segment(requireText(options.callId, 'callId'), 'callId');
  return `${base(options.baseUrl)}/call-details/${callId}?token=${encode(token, 'token')}`;
}
