// Replaced by bundlers; see dev-log.ts for the development-only pattern.
declare const process: { env: { NODE_ENV?: string } };

/**
 * This page's own Content-Security-Policy refused a frame ({@link FrameBlockedError}) or a token
 * request ({@link NetworkError}).
 */
export interface CspRefusal {
  /**
   * The directive of the page's policy that refused it: for a frame `frame-src`, `child-src` or
   * `default-src`; for a request `connect-src` or `default-src`.
   */
  readonly directive: string;
  /** The origin the policy must allow (in `frame-src` or `connect-src`). */
  readonly origin: string;
}

/** What a refusal by the page's own policy says: short in production, advice in development. */
export function refusalMessage(
  { directive, origin }: CspRefusal,
  what: string,
  needed: string,
): string {
  let advice = '';
  try {
    if (process.env.NODE_ENV !== 'production') {
      advice =
        (directive === needed ? '' : ` The policy has no ${needed}, so its ${directive} applies.`) +
        ` Add "${needed} ${origin}" (keeping what it allows today) where the page's policy is ` +
        'set (a header, a proxy/middleware, or a <meta> tag); see "Content-Security-Policy" in ' +
        'the partner guide.';
    }
  } catch {
    // No bundler: the short message.
  }
  return `This page's Content-Security-Policy (${directive}) blocks ${what} ${origin}: add it to ${needed}.${advice}`;
}
