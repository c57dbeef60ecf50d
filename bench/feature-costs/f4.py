from h import *
wr('core/src/token/take-initial-token.ts', '''import type { TokenStore } from './token-store.js';
export function takeInitialToken(store: TokenStore, body: unknown): boolean { return false; }
''')
p='core/src/token/initial-token.ts'
s=rd(p)
i=s.index('const rejected')
s=s[:i]+'''export function readInitialToken(body: unknown, context: InitialTokenContext): InitialTokenResult {
  return { ok: false, reason: 'malformed', message: '' };
}
export function initialTokenAgeBoundMs(): number { return 0; }
export function readPageInitialToken(body: unknown): InitialTokenResult { return readInitialToken(body, { now: 0, ageBoundMs: 0 }); }
export function initialTokenWins(initial: DashboardToken, held: DashboardToken | undefined, now: number): boolean { return true; }
export function warnIgnoredInitialToken(result: InitialTokenResult): void {}
'''
s=s.replace("import { details } from '../errors/details.js';\nimport { systemClock } from '../timing/environment.js';\nimport { decodeJwt } from './jwt.js';\nimport { isRevokedToken } from '../page-registry.js';\nimport { sameTenant } from '../tabs/shared-token.js';\n","")
s=s.replace("import { MAX_TOKEN_LIFETIME_MS, normalizeTokenPayload, type DashboardToken } from './token.js';","import type { DashboardToken } from './token.js';")
wr(p,s)
p='core/src/token/token-store.ts'
sub(p, r"    seed\(token\) \{\n.*?\n    \},\n", "    seed: () => false,\n")
rep(p, "import { initialTokenWins } from './initial-token.js';\n", "")
p='core/src/embed/embed-session.ts'
sub(p, r"  /\*\*\n   \* A server-rendered frame of `token`, shown.*?\n  \};\n\n", "")
sub(p, r"    getServerSnapshot\(\) \{\n.*?\n    \},\n", "    getServerSnapshot: () => controller.getSnapshot(),\n")
sub(p, r"      if \(store && next\.initialToken !== undefined.*?\n      \}\n", "")
rep(p, "      first && environment.hydrating ? shownFrame(store?.getSnapshot().token) : undefined,\n", "      undefined,\n")
sub(p, r"  /\*\*\n   \* The server's markup, which hydration.*?\n  \}\n", "")
rep(p, "import { readInitialToken } from '../token/initial-token.js';\nimport { takeInitialToken } from '../token/take-initial-token.js';\n", "")
rep(p, "  let server: { body: unknown; snapshot: EmbedSnapshot | undefined } | undefined;\n", "")
rep(p, "  let taken: unknown;\n", "")
p='react/src/token/use-dashboard-token.ts'
sub(p, r"  useState\(\(\) => \{\n    if \(store && options\.initialToken.*?\n  \}\);\n", "")
p='react/src/embed/embed-frame.tsx'
rep(p, "    const [initialToken] = useState(kit.initialToken);\n", "")
rep(p, "      initialToken,\n", "")
rep(p, "{ tokenSlots: queryTokenSlots(queryClient), hydrating }", "{ tokenSlots: queryTokenSlots(queryClient) }")
p='element/src/zipteams-embed-element.ts'
rep(p, "      initialToken,\n", "")
p='core/src/embed/embed-controller.ts'
sub(p, r"  if \(initial\) \{\n.*?\n  \}\n\n  return \{", "  return {")
