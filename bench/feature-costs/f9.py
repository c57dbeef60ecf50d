from h import *
p='core/src/token/token-store.ts'
sub(p, r"  // Tab sharing loads lazily.*?\n  const withShare = .*?\n    share \? act\(share\) : tabsLoading && later\.push\(act\);\n", "")
rep(p, "    share?.hold(token);\n", "", 0)
sub(p, r"  const onTabs = \(event: TabShareEvent\) => \{\n.*?\n  \};\n\n", "")
sub(p, r"    // Without the tab code \(yet\).*?\n      \);\n", """    const alone = (attemptSignal: AbortSignal | undefined) => fetchOne(attemptSignal);
""")
s=rd(p)
import re
s=re.sub(r"\(?share \? share\.acquire\(fetchOne, \{ current: data, signal(: s)?, margin, replaced \}\) : alone\((s|signal)\)\)?", lambda m: "alone(%s)" % m.group(2), s)
wr(p,s)
sub(p, r"    if \(share\) stopShare \?\?= share\.subscribe\(onTabs\);\n    else \{\n.*?\n      \}\);\n    \}\n", "")
rep(p, "    share?.hold(data);\n", "")
rep(p, "    stopShare?.();\n    stopShare = undefined;\n", "")
rep(p, "import { hasTenantClaims, sameTenant, shouldAdoptSharedToken } from '../tabs/shared-token.js';\nimport { loadTabs } from '../tabs/load-tabs.js';\nimport { endsSession, tabKit } from '../tabs/tab-kit.js';\nimport type { TabShareEvent, TabTokenShare } from '../tabs/tab-share.js';\n",
"""const endsSession = (failure: unknown): failure is HttpError & { status: 401 | 403 } =>
  failure instanceof HttpError && (failure.status === 401 || failure.status === 403);
""")
p='core/src/page-registry.ts'
rep(p, "  if (typeof document !== 'undefined') void loadTabs();\n", "")
sub(p, r"  clearPageTokens\(\);\n  const channel = openTabChannel\(\);\n.*?forgetLegacyRecords\(\);\n", "  clearPageTokens();\n")
rep(p, "import { loadTabs } from './tabs/load-tabs.js';\n", "")
