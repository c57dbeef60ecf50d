from h import *
import sys
short = len(sys.argv) > 1 and sys.argv[1] == 'short'
M = (lambda full, code: f"'{code}'") if short else (lambda full, code: full)
p='core/src/errors/errors.ts'
s=rd(p)
head=s[:s.index('/** Base class of every error the kit throws.')]
tailpart=s[s.index('/** True for any error thrown by the kit. */'):]
body = f'''/** One class for every error of the kit. */
export class ZipteamsError extends Error {{
  declare readonly code: ErrorCode;
  declare readonly retryable: boolean;
  [extra: string]: any;
  constructor(code: ErrorCode, retryable: boolean, message: string, options?: {{ cause?: unknown }}, extra?: object) {{
    super(message, options);
    this.name = 'ZipteamsError';
    this.code = code;
    this.retryable = retryable;
    Object.assign(this, extra);
  }}
}}
export const KitError = ZipteamsError;
const tail = (message: string) => (message ? `: ${{message}}` : '.');
export function NetworkError(options?: {{ cause?: unknown; refusedBy?: CspRefusal | undefined }}): ZipteamsError {{
  const refusedBy = options?.refusedBy;
  return new ZipteamsError('network', true, refusedBy ? refusalMessage(refusedBy, 'the token request to', 'connect-src') : {M("'Could not reach the token endpoint.'", 'network')}, options, {{ refusedBy }});
}}
export function TimeoutError(timeoutMs: number): ZipteamsError {{
  return new ZipteamsError('timeout', true, {M("`Token request timed out after ${timeoutMs} ms.`", 'timeout')}, undefined, {{ timeoutMs }});
}}
export function HttpError(status: number, detail?: {{ serverCode?: string; serverMessage?: string }}): ZipteamsError {{
  const serverCode = detail?.serverCode;
  return new ZipteamsError('http', !(serverCode !== undefined && FINAL_SERVER_CODES.has(serverCode)) && (status === 408 || status === 429 || status >= 500),
    {M("`Token endpoint answered HTTP ${status}${detail?.serverMessage ? `: ${detail.serverMessage}` : '.'}`", 'http')}, undefined, {{ status, serverCode }});
}}
export function RateLimitedError(retryAfterMs: number | undefined, detail?: {{ serverCode?: string }}): ZipteamsError {{
  const e = HttpError(429, {{ serverCode: detail?.serverCode, serverMessage: `rate limited${{retryAfterMs === undefined ? '' : `, retry in ${{Math.ceil(retryAfterMs / 1000)}} s`}}` }});
  return Object.assign(e, {{ code: 'rate_limited', retryAfterMs }});
}}
export type BadResponseReason = string;
export function BadResponseError(reason: string, message: string, options?: {{ cause?: unknown }}): ZipteamsError {{
  return new ZipteamsError('bad_response', false, {M("`Bad token response (${reason})${tail(message)}`", 'bad_response')}, options, {{ reason }});
}}
export function ExpiredOnArrivalError(): ZipteamsError {{
  return new ZipteamsError('expired_on_arrival', false, {M("`Got a token that is already expired${details(0)}.`", 'expired_on_arrival')});
}}
export function AbortedError(options?: {{ cause?: unknown }}): ZipteamsError {{
  return new ZipteamsError('aborted', false, {M("'Token request aborted.'", 'aborted')}, options);
}}
export function InvalidArgumentError(argument: string, message: string): ZipteamsError {{
  return new ZipteamsError('invalid_argument', false, {M("`Invalid ${argument}${tail(message)}`", 'invalid_argument')}, undefined, {{ argument }});
}}
export function TokenExpiredError(options?: {{ cause?: unknown }}): ZipteamsError {{
  return new ZipteamsError('token_expired', true, {M("'Token expired before a new one arrived.'", 'token_expired')}, options);
}}
export type NetworkError = ZipteamsError; export type TimeoutError = ZipteamsError; export type HttpError = ZipteamsError;
export type RateLimitedError = ZipteamsError; export type BadResponseError = ZipteamsError; export type ExpiredOnArrivalError = ZipteamsError;
export type AbortedError = ZipteamsError; export type InvalidArgumentError = ZipteamsError; export type TokenExpiredError = ZipteamsError;

'''
wr(p, head+body+tailpart)
p='core/src/errors/frame-errors.ts'
s=rd(p)
i=s.index('/**\n * The embedded page could not be shown.')
s=s[:i]+f'''export function FrameBlockedError(timeoutMs: number, message?: string, refusedBy?: CspRefusal): KitError {{
  return new KitError('frame_blocked', true, message ?? (refusedBy ? refusalMessage(refusedBy, 'the Zipteams page at', 'frame-src') : {M("blockedMessage(timeoutMs)", 'frame_blocked')}), undefined, {{ timeoutMs, refusedBy }});
}}
export function FrameUnreachableError(origin: string): KitError {{
  return new KitError('frame_unreachable', true, {M("`Could not reach the Zipteams pages at ${origin}: down or unreachable from here.`", 'frame_unreachable')}, undefined, {{ origin }});
}}
export type FrameBlockedError = KitError; export type FrameUnreachableError = KitError;
'''
s=s.replace("import { KitError, type ErrorCode } from './errors.js';","import { KitError } from './errors.js';\ntype KitError = InstanceType<typeof KitError>;")
wr(p,s)
rep('core/src/tabs/tab-kit.ts', "failure instanceof HttpError && (", "(failure as any)?.code === 'http' && (")
rep('core/src/timing/retry.ts', "error instanceof RateLimitedError && error.retryAfterMs", "(error as any)?.code === 'rate_limited' && (error as any).retryAfterMs")
rep('core/src/timing/retry.ts', "return Math.max(Math.min(error.retryAfterMs,", "return Math.max(Math.min((error as any).retryAfterMs,")
