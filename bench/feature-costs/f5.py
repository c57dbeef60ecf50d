from h import *
p='core/src/embed/embed-controller.ts'
sub(p, r"const defaultProbe: ReachabilityProbe = .*?\n  \);\n", "")
rep(p, "    retryDelay: (failures) => backoffDelay(failures, options.retry),\n", "    retryDelay: () => 0,\n")
rep(p, "  const probe = options.probe ?? defaultProbe;\n", "")
rep(p, "  const probes = new Map<number, AbortController>();\n", "")
sub(p, r"    for \(const frame of \[state\.active, state\.pending\]\) \{\n      if \(!frame\?\.timedOut.*?\n    \}\n  \};\n", "  };\n")
rep(p, "    for (const abort of probes.values()) abort.abort();\n    probes.clear();\n", "")
rep(p, "import { FrameBlockedError, FrameUnreachableError } from '../errors/frame-errors.js';\n", "import { FrameBlockedError } from '../errors/frame-errors.js';\n")
rep(p, "import { backoffDelay } from '../timing/retry.js';\n", "")
p='core/src/embed/embed-transition.ts'
sub(p, r"  const timeOut = \(frame: EmbedFrame \| undefined\) =>\n.*?\n  \}\n\}\n", "}\n")
sub(p, r"  else if \(type === 'probed'\) \{\n.*?\n    \}\n  \} else if", "  else if")
sub(p, r"  for \(const frame of \[active, pending\]\) \{\n    if \(frame && !frame\.ready && !frame\.timedOut\) moments.*?\n  \}\n", "")
rep(p, "  if (state.frameError && state.retryAt !== undefined && !pending) moments.push(state.retryAt);\n", "")
rep(p, "  return { ...frame, loaded, announced, ready, timedOut: frame.timedOut && !ready };", "  return { ...frame, loaded, announced, ready };")
p='core/src/errors/frame-errors.ts'
sub(p, r"/\*\* Milliseconds as seconds.*?\n\}\n\n/\*\* What a blocked frame says.*?\n\}\n", "")
sub(p, r"      message \?\?\n?\s*\(?refusedBy", "      message ??\n        (refusedBy")  # noop-ish guard
s=rd(p)
s=s.replace(": blockedMessage(timeoutMs)),", ": ''),").replace("message ?? blockedMessage(timeoutMs),", "message ?? '',")
i=s.index('/**\n * The embedded page did not load within the load timeout and its host')
s=s[:i]+'export class FrameUnreachableError extends KitError {}\n'
wr(p,s)
p='core/src/errors/describe-error.ts'
sub(p, r"    \} else if \(code === 'frame_unreachable'\) \{\n.*?\n.*?\n", "")
