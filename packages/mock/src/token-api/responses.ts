/** The error messages of the token API, word for word as the partner docs state them. */
export const TOKEN_API_MESSAGES = {
  forbidden: 'Forbidden',
  tenantRequired: 'Tenant ID is required',
  subTenantRequired: 'Subtenant ID is required',
  rateLimited: 'Rate limit exceeded. Try again in 60 seconds.',
  serverError: 'Internal server error',
} as const;

/** Messages for statuses the token API page does not document (used by forced faults and routing). */
const GENERIC_MESSAGES: Readonly<Record<number, string>> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: TOKEN_API_MESSAGES.forbidden,
  404: 'Not found',
  405: 'Method not allowed',
  408: 'Request timeout',
  409: 'Conflict',
  413: 'Payload too large',
  422: 'Unprocessable entity',
  429: TOKEN_API_MESSAGES.rateLimited,
  500: TOKEN_API_MESSAGES.serverError,
  502: 'Bad gateway',
  503: 'Service unavailable',
  504: 'Gateway timeout',
};

const JSON_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
} as const;

/** A JSON response whose body is exactly `body` (already serialised, so tests can compare bytes). */
export function rawJsonResponse(
  status: number,
  body: string,
  headers: Readonly<Record<string, string>> = {},
): Response {
  return new Response(body, { status, headers: { ...JSON_HEADERS, ...headers } });
}

/** A JSON response of `value`, serialised with `JSON.stringify` (no spaces). */
export function jsonResponse(
  status: number,
  value: unknown,
  headers: Readonly<Record<string, string>> = {},
): Response {
  return rawJsonResponse(status, JSON.stringify(value), headers);
}

/** The documented error body `{"success":false,"message":"..."}`. */
export function errorResponse(
  status: number,
  message: string,
  headers: Readonly<Record<string, string>> = {},
): Response {
  return jsonResponse(status, { success: false, message }, headers);
}

/** The documented success body of the token API. */
export function tokenSuccessResponse(token: string): Response {
  return jsonResponse(200, {
    code: 'RESPONSE_SUCCESS',
    message: 'Request served successfully.',
    type: 'object',
    data: { token },
  });
}

/**
 * The message a forced fault answers with: the documented one for 403, 400 (the tenant
 * message), 429 and 500; a short generic one for any other status.
 */
export function messageForStatus(status: number): string {
  if (status === 400) return TOKEN_API_MESSAGES.tenantRequired;
  return GENERIC_MESSAGES[status] ?? (status >= 500 ? 'Server error' : 'Request failed');
}

export function notFoundResponse(headers: Readonly<Record<string, string>> = {}): Response {
  return errorResponse(404, 'Not found', headers);
}
