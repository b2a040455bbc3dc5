#!/usr/bin/env bash
# Proves papilint's SARIF against three independent consumers, on the SARIF
# of every example (as scanned, and with every finding baselined so the
# results carry suppressions):
#   1. the OASIS SARIF 2.1.0 schema, in Go (go test);
#   2. the check github/codeql-action/upload-sarif runs before uploading
#      (npm jsonschema 1.5.0 + the action's schema; scripts/gh-upload-check.js);
#   3. Microsoft's SARIF Multitool `validate` with GitHub's ingestion rules
#      (testdata/schemas/sarif-multitool-github-rules.xml). It exits 0 even on
#      invalid input, so its results are counted.
# Then it checks that each validator rejects the invalid files in
# testdata/sarif-bad that it is meant to catch. Called by .ci/run; npm tools
# it cannot install are skipped with a message.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/ci-lib.sh
. scripts/ci-lib.sh
SCHEMAS=testdata/schemas
work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT

echo "-- schema copies match testdata/schemas/SOURCES.md"
for f in sarif-schema-2.1.0.json codeql-action-sarif-schema-2.1.0.json github-action.json github-workflow.json; do
  want="$(grep -F "\`${f}\`" "${SCHEMAS}/SOURCES.md" | head -n 1 | grep -oE '[0-9a-f]{64}' | head -n 1)"
  have="$(sha256sum "${SCHEMAS}/${f}" | cut -d' ' -f1)"
  if [ -z "${want}" ] || [ "${want}" != "${have}" ]; then
    echo "${SCHEMAS}/${f}: sha256 ${have}, SOURCES.md says ${want:-nothing}"
    exit 1
  fi
done
echo "ok: 4 schema files"

echo "-- SARIF of every example"
ci_build_papilint "${work}"
mkdir -p "${work}/sarif"
files=()
while IFS= read -r dir; do
  name="$(echo "${dir#examples/}" | tr '/' '-')"
  [ "${dir}" = examples ] && name=all
  for variant in plain baselined; do
    out="${work}/sarif/${name}.${variant}.sarif"
    extra=()
    [ "${variant}" = baselined ] && extra=(--write-baseline "${work}/${name}.baseline.json")
    rc=0
    "${work}/papilint" scan --root . --format sarif --output "${out}" ${extra[@]+"${extra[@]}"} "${dir}" 2>/dev/null || rc=$?
    if [ "${rc}" -ge 2 ]; then
      echo "papilint scan ${dir} exited ${rc}"; exit 1
    fi
    files+=("${out}")
  done
done < <( { echo examples; find examples -type f -printf '%h\n'; } | sort -u)
echo "${#files[@]} SARIF files from $(( ${#files[@]} / 2 )) example directories"

echo "-- 1. OASIS schema (go test)"
go test -count=1 -run 'TestExamplesSARIFValid|TestSchemaRejectsBadSARIF' ./cmd/papilint
go test -count=1 -run 'TestSARIF' ./internal/report
echo "ok: OASIS schema, 0 errors"

if ! ci_npm_tools; then
  skip "npm packages ${CI_NPM_PACKAGES[*]} could not be installed: the upload-sarif check and the SARIF Multitool did not run"
  exit 0
fi

echo "-- 2. upload-sarif's pre-upload check (npm jsonschema 1.5.0)"
NODE_PATH="${CI_NODE_MODULES}" node scripts/gh-upload-check.js "${SCHEMAS}/codeql-action-sarif-schema-2.1.0.json" "${files[@]}" | tail -n 1
for f in level-critical unknown-property no-results-array truncated; do
  if NODE_PATH="${CI_NODE_MODULES}" node scripts/gh-upload-check.js "${SCHEMAS}/codeql-action-sarif-schema-2.1.0.json" "testdata/sarif-bad/${f}.sarif" >/dev/null; then
    echo "the upload-sarif check accepted testdata/sarif-bad/${f}.sarif"; exit 1
  fi
done
echo "ok: rejects the 4 invalid files it should"

echo "-- 3. SARIF Multitool validate with GitHub's rules"
if ! mt="$(ci_multitool)"; then
  skip "the SARIF Multitool binary is missing from ${CI_NODE_MODULES}"
  exit 0
fi
# multitool FILE: prints the rule IDs it reports for FILE, one per line.
multitool() {
  local log="${work}/validation.sarif"
  "${mt}" validate "$1" -c "${SCHEMAS}/sarif-multitool-github-rules.xml" --rule-kind "Sarif;Ghas" \
    --level Error -o "${log}" --log ForceOverwrite >"${work}/multitool.out" 2>&1 ||
    { cat "${work}/multitool.out"; echo "the Multitool failed on $1"; exit 1; }
  jq -r '.runs[].results[].ruleId' "${log}"
}
total=0
for f in "${files[@]}"; do
  found="$(multitool "${f}")"
  if [ -n "${found}" ]; then
    n="$(echo "${found}" | wc -l)"
    total=$((total + n))
    echo "${f##*/}: ${n} error(s): $(echo "${found}" | sort -u | tr '\n' ' ')"
    grep -E 'error' "${work}/multitool.out" | head -n 5
  fi
done
echo "SARIF Multitool: ${#files[@]} file(s), ${total} error(s)"
[ "${total}" -eq 0 ] || exit 1
for pair in absolute-uri:GH1006 no-locations:GH1001 message-id:GH1007 unknown-property:JSON1005 no-results-array:GH1014 truncated:JSON0001; do
  f="${pair%%:*}"
  rule="${pair#*:}"
  multitool "testdata/sarif-bad/${f}.sarif" | grep -qx "${rule}" || { echo "the Multitool did not report ${rule} on testdata/sarif-bad/${f}.sarif"; exit 1; }
done
echo "ok: reports the expected rule on the 6 invalid files it should catch"
