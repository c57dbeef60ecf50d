// The names partners' dashboards and alerts read: documented in the README's Telemetry table,
// changed only with a changeset. OpenTelemetry's semantic conventions where they have a name
// (http.*, server.*, url.*, error.type), `zipteams.*` for the rest.

/** Instrumentation scope of the tracer and meter. */
export const SCOPE = '@zipteams/server';

export const SPAN_TOKEN_REQUEST = 'zipteams.token_request';
/** An HTTP client span's name is its method (semantic conventions, no route template). */
export const SPAN_UPSTREAM = 'GET';

export const METRIC_UPSTREAM_CALLS = 'zipteams.upstream.calls';
export const METRIC_UPSTREAM_DURATION = 'zipteams.upstream.duration';
export const METRIC_CACHE_REQUESTS = 'zipteams.cache.requests';
export const METRIC_BUDGET_WAITS = 'zipteams.budget.waits';
export const METRIC_BUDGET_REFUSALS = 'zipteams.budget.refusals';
export const METRIC_REDIS_STATE_CHANGES = 'zipteams.redis.state_changes';

export const ATTR_TENANT = 'zipteams.tenant.id';
export const ATTR_SUBTENANT = 'zipteams.subtenant.id';
export const ATTR_CALLER = 'zipteams.caller';
export const ATTR_CACHE_OUTCOME = 'zipteams.cache.outcome';
export const ATTR_UPSTREAM_OUTCOME = 'zipteams.upstream.outcome';
export const ATTR_REDIS_STATE = 'zipteams.redis.state';
export const ATTR_STATUS = 'http.response.status_code';
export const ATTR_ERROR_TYPE = 'error.type';
export const ATTR_METHOD = 'http.request.method';
export const ATTR_RESEND_COUNT = 'http.request.resend_count';
export const ATTR_SERVER_ADDRESS = 'server.address';
export const ATTR_SERVER_PORT = 'server.port';
export const ATTR_URL = 'url.full';

/** Seconds, as the HTTP duration histograms of the semantic conventions bucket them. */
export const DURATION_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
];
