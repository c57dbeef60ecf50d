#!/usr/bin/env bash
# Reproduces bench/README.md's table "what each feature costs" (issue #18): each fN.py removes one
# feature from a scratch copy of main at 2ded8e4 (a hack that only has to bundle, never code to
# keep), measure.mjs bundles the copy as the size budget does, and the difference is the feature's
# gzip bytes loaded with the page. Run from the repository root: bash bench/feature-costs/run.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
copy="$(mktemp -d)/probe"
git -C "$root" worktree add --detach "$copy" 2ded8e4 >/dev/null
trap 'git -C "$root" worktree remove --force "$copy"' EXIT
measure() { node "$here/measure.mjs" "$copy" | sed -n 's/^\(react pick\|element\): page \([0-9]*\) B.*/\1 \2/p' | tr '\n' ' '; }
echo "baseline: $(measure)"
for n in 1 2 3 4 5 6 7 8 9 10 11 12; do
  git -C "$copy" checkout -q -- .
  (cd "$here" && PROBE_ROOT="$copy" python3 "f$n.py")
  echo "f$n: $(measure)"
done
git -C "$copy" checkout -q -- .
for n in 1 2 3 4 5 6 7 8 9 10 11 12; do
  (cd "$here" && PROBE_ROOT="$copy" TOLERANT=1 python3 "f$n.py" $([ "$n" = 11 ] && echo short) >/dev/null)
done
echo "all: $(measure)"
