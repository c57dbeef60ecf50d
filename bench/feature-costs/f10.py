from h import *
p='core/src/embed/embed-transition.ts'
sub(p, r"  if \(asActive\) \{\n    s\.active = frame;\n    s\.pending = s\.frameError = s\.retryAt = undefined;\n  \} else s\.pending = frame;\n",
"  s.active = frame;\n  if (asActive) s.frameError = s.retryAt = undefined;\n")
# settle: deadline + swap
sub(p, r"  if \(active && now >= active\.deadline\) \{\n.*?\n    s\.failures = 0;\n  \}\n",
"  if (active && now >= active.deadline) {\n    if (src === undefined || src === active.src) s.active = undefined;\n    else open(s, src, now, true);\n  }\n")
# input branch
sub(p, r"    if \(src === undefined\) s\.active = s\.pending = undefined;\n.*?\n    else if \(pending\?\.src !== src\) open\(s, src, now\);\n",
"    if (src === undefined) s.active = undefined;\n    else if (active?.src !== src) open(s, src, now, !frameError);\n")
sub(p, r"    else if \(pending\?\.id === event\.id\) s\.pending = signal\(pending, type, rules\);\n", "")
rep(p, "  } else if (type === 'focus') s.focus = event.inside;\n  else if", "  } else if")
rep(p, "  if (pending?.ready && active && state.focus) moments.push(active.deadline - SWAP_GUARD_MS);\n", "")
rep(p, "    ? state.pending || tokenStatus === 'refreshing'\n", "    ? tokenStatus === 'refreshing'\n")
p='core/src/embed/embed-controller.ts'
rep(p, "    focus: (inside) => {\n      if (inside !== state.focus) dispatch({ type: 'focus', inside });\n    },\n", "    focus: () => {},\n")
p='core/src/embed/frame-events.ts'
sub(p, r"  let focusTimer: unknown;\n  const readFocus = .*?\n  \};\n", "")
sub(p, r"  const onFocus = \(\) => \{\n.*?\n  \};\n", "")
sub(p, r"      \[dom\.window, 'focus', onFocus\],\n.*?\[dom\.document, 'focusout', onFocus\],\n", "")
rep(p, "    timers.clearTimeout(focusTimer);\n", "")
p='react/src/embed/embed-frame.tsx'
rep(p, "{[active, pending].map((frame) => {", "{[active].map((frame) => {")
rep(p, "data-zipteams-frame={frame === active ? 'active' : 'pending'}", "data-zipteams-frame=\"active\"")
p='element/src/shadow-view.ts'
rep(p, "for (const frame of [active, pending]) {", "for (const frame of [active]) {")
rep(p, "element.dataset.zipteamsFrame = frame === active ? 'active' : 'pending';", "element.dataset.zipteamsFrame = 'active';")
