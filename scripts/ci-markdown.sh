#!/usr/bin/env bash
# Checks the request-path diagrams with Mermaid itself (what GitHub renders
# them with) and Graphviz: the Markdown report of every example, `papilint
# graph` of every example in Mermaid and DOT, the diagram in README.md, and
# a template whose resource names try to break out of the labels. Mermaid
# must reject a broken diagram first, so a pass means something. Tools that
# cannot be installed are skipped with a message. Called by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/ci-lib.sh
. scripts/ci-lib.sh
work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT
ci_build_papilint "${work}"
pl="${work}/papilint"

# A template whose domain name tries to break out of the labels: quotes,
# brackets, Mermaid and HTML syntax, an entity sigil.
mkdir -p "${work}/hostile"
# shellcheck disable=SC2016 # the backquotes are data
sed 's/^    Default: api\.internal\.example\.com$/    Default: "a\\"]; click h0 \\"javascript:x\\" <b>#1<\/b> `x` --> end"/' \
  examples/broken/private-api.yaml >"${work}/hostile/stack.yaml"
grep -q 'javascript' "${work}/hostile/stack.yaml" || { echo "the hostile template was not made"; exit 1; }

mkdir -p "${work}/out"
n=0
while IFS= read -r dir; do
  n=$((n + 1))
  rc=0
  "${pl}" scan --root . --format markdown --output "${work}/out/${n}.md" "${dir}" 2>/dev/null || rc=$?
  [ "${rc}" -lt 2 ] || { echo "scan ${dir}: exit ${rc}"; exit 1; }
  "${pl}" graph --root . --output "${work}/out/${n}.mmd" "${dir}"
  "${pl}" graph --root . --format dot --output "${work}/out/${n}.dot" "${dir}"
done < <( { echo examples; echo "${work}/hostile"; find examples -type f -printf '%h\n'; } | sort -u)
grep -q 'PAPI030' "${work}/out/"*.md || { echo "no broken hop in any report"; exit 1; }
# The hostile names reach the diagram escaped.
grep -lq 'javascript' "${work}/out/"*.mmd || { echo "the hostile template produced no path"; exit 1; }
echo "${n} scans: Markdown reports, Mermaid and DOT graphs"

echo "-- Mermaid"
if ci_mermaid && command -v node >/dev/null 2>&1; then
  printf 'flowchart TD\n  a --> --> b\n' >"${work}/bad.mmd"
  if NODE_PATH="${CI_MERMAID_MODULES}" node scripts/check-mermaid.mjs "${work}/bad.mmd" >/dev/null; then
    echo "Mermaid accepted a broken diagram"; exit 1
  fi
  grep -q '^```mermaid$' README.md || { echo "README.md has no Mermaid example"; exit 1; }
  NODE_PATH="${CI_MERMAID_MODULES}" node scripts/check-mermaid.mjs "${work}/out/"*.md "${work}/out/"*.mmd README.md
else
  skip "npm ${CI_MERMAID_PACKAGES[*]} could not be installed: the Mermaid diagrams were not parsed"
fi

echo "-- Graphviz"
if ci_apt dot graphviz; then
  for f in "${work}/out/"*.dot; do
    dot -Tsvg "${f}" >/dev/null
  done
  echo "dot: ${n} graph(s), 0 errors"
else
  skip "Graphviz is not installed and could not be (apt-get install graphviz): the DOT graphs were not checked"
fi
