import { NextResponse, type NextRequest } from 'next/server';

/**
 * A strict Content-Security-Policy with a fresh nonce per request, as the Next.js CSP guide
 * writes it (no 'unsafe-inline' anywhere), plus the one line the Zipteams dashboard needs:
 * `frame-src` with the Zipteams origin. The embed's token requests go to this app ('self'); its
 * style needs no directive of its own (a constructable sheet in the browser, the nonce during
 * server rendering: the page reads `x-nonce` and hands it to the embed).
 */
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const zipteams = new URL(process.env.ZIPTEAMS_APP_URL ?? 'https://app.zipteams.com').origin;
  const mode = testSwitch(request);
  const policy = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(mode === 'no-frame-src' ? [] : [`frame-src ${zipteams}`]),
    // Trusted Types too, if your page asks for them: neither the kit nor Next.js needs a policy.
    ...(mode === 'trusted-types' ? ["require-trusted-types-for 'script'"] : []),
  ].join('; ');

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  // Next.js reads the nonce for its own scripts from the request's policy.
  if (mode !== 'off') requestHeaders.set('Content-Security-Policy', policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  if (mode !== 'off') response.headers.set('Content-Security-Policy', policy);
  return response;
}

/**
 * The example's e2e tests compare the page with and without the policy, with Trusted Types, and
 * with a policy that forgets the Zipteams origin, on one build: a cookie switches it when the server was started
 * with EXAMPLE_CSP_TEST_SWITCH=1. Leave this out of your app.
 */
function testSwitch(request: NextRequest): string | undefined {
  if (process.env.EXAMPLE_CSP_TEST_SWITCH !== '1') return undefined;
  return request.cookies.get('example-csp')?.value;
}

export const config = {
  // Pages only: not the API route, static files or prefetches (as the Next.js guide does).
  matcher: [
    {
      source: '/((?!api|_next/static|_next/image|favicon.ico).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
