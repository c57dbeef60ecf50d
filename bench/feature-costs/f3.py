from h import *
wr('core/src/embed/csp-violations.ts', '''export interface CspViolation { readonly directive: string; readonly refusedBy: string; readonly origin: string; }
export type CspViolationSource = (listener: (violation: CspViolation) => void) => () => void;
export const browserCspViolations: CspViolationSource = () => () => {};
''')
wr('core/src/errors/csp-refusal.ts', '''export interface CspRefusal { readonly directive: string; readonly origin: string; }
''')
# errors.ts NetworkError
p='core/src/errors/errors.ts'
sub(p, r"  constructor\(options\?: \{ cause\?: unknown; refusedBy\?: CspRefusal \| undefined \}\) \{.*?this\.refusedBy = refusedBy;\n  \}",
"  constructor(options?: { cause?: unknown; refusedBy?: CspRefusal | undefined }) {\n    super('network', true, 'Could not reach the token endpoint.', options);\n  }")
rep(p, "import { refusalMessage, type CspRefusal } from './csp-refusal.js';", "import type { CspRefusal } from './csp-refusal.js';")
p='core/src/errors/frame-errors.ts'
sub(p, r"      message \?\?\n        \(refusedBy\n.*?blockedMessage\(timeoutMs\)\),\n", "      message ?? blockedMessage(timeoutMs),\n")
rep(p, "    this.refusedBy = refusedBy;\n", "")
rep(p, "import { refusalMessage, type CspRefusal } from './csp-refusal.js';", "import type { CspRefusal } from './csp-refusal.js';")
# describe-error branch
p='core/src/errors/describe-error.ts'
sub(p, r"    \} else if \(code === 'network' && 'refusedBy' in error && error.refusedBy\) \{\n.*?\n", "")
# controller
p='core/src/embed/embed-controller.ts'
sub(p, r"  /\*\* Frames to the origin refused by the page's own policy.*?\n  \};\n\n", "")
rep(p, "      unwatch ??= watch(onViolation);\n", "")
rep(p, "  let probeBlocked = false;\n", "")
rep(p, "  const watch = options.violations ?? browserCspViolations;\n", "")
sub(p, r"        // A probe the page's connect-src refused.*?\n        \)\n", "")
rep(p, "import { browserCspViolations, type CspViolation } from './csp-violations.js';\n", "")
# transition
p='core/src/embed/embed-transition.ts'
sub(p, r"  \} else if \(type === 'refused'\) \{\n.*?\n    \}\n", "")
# session
p='core/src/embed/embed-session.ts'
rep(p, "  const refusals = tokenRefusal(() => sync());\n", "")
rep(p, "    const error = refusals.name(stored);\n", "    const error = stored;\n")
rep(p, ",\n        (environment.violations ?? browserCspViolations)(refusals.onViolation),\n", ",\n")
sub(p, r"      refusals\.watch\(.*?\n", "")
rep(p, "import { tokenRefusal } from './token-refusal.js';\n", "")
rep(p, "import { browserCspViolations } from './csp-violations.js';\n", "")
