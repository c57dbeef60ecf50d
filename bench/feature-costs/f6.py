from h import *
wr('core/src/timing/user-timing.ts', '''export function timingNow(): number | undefined { return undefined; }
export function timingMark(name: string, detail?: Record<string, unknown>): void {}
export function timingMeasure(name: string, start: number | undefined, detail?: Record<string, unknown>): void {}
''')
p='core/src/page-registry.ts'
sub(p, r"export function listInspectable\(item: Listed\): \(\) => void \{\n.*?\n\}\n", "export function listInspectable(item: Listed): () => void { return () => {}; }\n")
sub(p, r"export function notifyPage\(\): void \{\n.*?\n\}\n", "export function notifyPage(): void {}\n")
p='core/src/embed/embed-controller.ts'
rep(p, "  const mountedAt = timingNow();\n", "")
rep(p, "  const errors: { at: number; error: ZipteamsError }[] = [];\n", "")
sub(p, r"  // What the devtools read when they look.*?\n  \};\n", "")
rep(p, "      timingMark('failure', { code: error.code });\n      if (errors.push({ at: clock.now(), error }) > 5) errors.shift();\n", "")
rep(p, "    notifyPage();\n", "")
sub(p, r"      if \(shownOnce\) timingMark\('rotation'\);\n      else \{\n.*?\n      \}\n", "")
rep(p, "      unlist ??= listInspectable(listed);\n", "")
rep(p, "import { firstOnPage, listInspectable, notifyPage } from '../page-registry.js';\n", "")
rep(p, "import { timingMark, timingMeasure, timingNow } from '../timing/user-timing.js';\n", "")
p='core/src/token/token-store.ts'
rep(p, "    notifyPage();\n", "")
sub(p, r"  // For the devtools: how this tab got its token.*?\n  \};\n", "")
rep(p, "    via = how ?? (token === fetchedHere ? 'fetched' : 'adopted');\n    taken++;\n", "")
rep(p, "    via = 'fetched'; // by this page: a prefetch, or its server's HTML hydrated\n    taken++;\n", "")
rep(p, "      (fetchedHere = await fetchDashboardToken(", "      (await fetchDashboardToken(")
rep(p, "    unlist ??= listInspectable(listed);\n", "")
rep(p, "    unlist?.();\n    unlist = undefined;\n", "")
rep(p, "import { listInspectable, notifyPage, registerTokenHolder, revokeToken }", "import { registerTokenHolder, revokeToken }")
p='core/src/token/fetch-token.ts'
rep(p, "  const started = timingNow();\n", "")
sub(p, r"    timingMeasure\('token-request', started, \{ outcome \}\);\n", "")
rep(p, "import { timingMeasure, timingNow } from '../timing/user-timing.js';\n", "")
