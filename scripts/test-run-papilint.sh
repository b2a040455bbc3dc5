#!/usr/bin/env bash
# Tests scripts/run-papilint.sh (the GitHub Action's logic) outside GitHub:
# a stub papilint on PATH that records its arguments and exits with a chosen
# code, temporary files for GITHUB_OUTPUT and GITHUB_STEP_SUMMARY, one case
# per exit code, inputs that try to inject shell, and finally the real
# papilint on the bundled broken example when Go is available.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "${here}/.." && pwd)"
script="${here}/run-papilint.sh"
work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT
mkdir -p "${work}/bin" "${work}/ws"

# The stub writes each argument on its own line to $STUB_ARGS, writes the
# --report files unless STUB_NO_REPORTS is set, and exits with $STUB_EXIT.
cat >"${work}/bin/papilint" <<'STUB'
#!/usr/bin/env bash
printf '%s\n' "$@" >"${STUB_ARGS}"
while [ $# -gt 0 ]; do
  if [ "$1" = --report ] && [ -z "${STUB_NO_REPORTS:-}" ]; then
    file="${2#*=}"
    case "$2" in
      sarif=*) echo '{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"papilint","rules":[]}},"results":[]}]}' >"${file}" ;;
      markdown=*) printf '## papilint\n\nstub report\n' >"${file}" ;;
    esac
    shift
  fi
  shift
done
exit "${STUB_EXIT:-0}"
STUB
chmod +x "${work}/bin/papilint"

fails=0
case_fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { if [ "${fails}" -eq "${case_fails}" ]; then echo "ok: $*"; fi; }

# run CASE EXIT [VAR=VALUE...]: runs the script in the workspace with the
# stub; sets rc, and leaves outputs in $work/out, the summary in $work/summary
# and the stub's arguments in $work/args.
run() {
  local name="$1" want="$2"
  shift 2
  case_fails="${fails}"
  : >"${work}/out"
  : >"${work}/summary"
  : >"${work}/args"
  rm -f "${work}/ws/papilint.sarif" "${work}/tmp/papilint-summary.md"
  mkdir -p "${work}/tmp"
  rc=0
  (
    cd "${work}/ws"
    env -i PATH="${work}/bin:/usr/bin:/bin" HOME="${work}" \
      GITHUB_OUTPUT="${work}/out" GITHUB_STEP_SUMMARY="${work}/summary" RUNNER_TEMP="${work}/tmp" \
      GITHUB_SERVER_URL=https://github.com GITHUB_REPOSITORY=o/r GITHUB_SHA=0123abc \
      STUB_ARGS="${work}/args" STUB_EXIT="${want}" "$@" "${script}"
  ) >"${work}/log" 2>&1 || rc=$?
  echo "-- ${name}: stub exit ${want}, script exit ${rc}"
}

has_output() { grep -qx -- "$1" "${work}/out"; }
has_arg() { grep -qx -- "$1" "${work}/args"; }

for code in 0 1; do
  run "findings level ${code}" "${code}" PAPILINT_PATH=$'infra/a templates\nmore' PAPILINT_FAIL_ON=warning PAPILINT_FORMAT=text \
    PAPILINT_ARGS="--config ci/p.yaml" PAPILINT_SARIF=papilint.sarif PAPILINT_SUMMARY=true
  [ "${rc}" -eq "${code}" ] || fail "exit ${code}: script returned ${rc}"
  has_output "exit-code=${code}" || fail "exit ${code}: no exit-code output"
  has_output "sarif-file=papilint.sarif" || fail "exit ${code}: no sarif-file output"
  has_output "markdown-file=${work}/tmp/papilint-summary.md" || fail "exit ${code}: no markdown-file output"
  grep -q "stub report" "${work}/summary" || fail "exit ${code}: summary not appended"
  test -s "${work}/ws/papilint.sarif" || fail "exit ${code}: no SARIF file"
  for a in scan --format text --fail-on warning "markdown=${work}/tmp/papilint-summary.md" sarif=papilint.sarif \
    --link-base https://github.com/o/r/blob/0123abc/ --config ci/p.yaml infra/a templates more; do
    has_arg "${a}" || fail "exit ${code}: argument ${a} not passed"
  done
  # paths come after --, each its own argument
  [ "$(sed -n '/^--$/,$p' "${work}/args" | tr '\n' ' ')" = "-- infra/a templates more " ] || fail "exit ${code}: paths: $(tr '\n' ' ' <"${work}/args")"
  ok "papilint exit ${code} -> step exit ${rc}, outputs and summary written"
done

# A usage error: no reports, the code passes through, no summary.
run "usage error" 2 STUB_NO_REPORTS=1
[ "${rc}" -eq 2 ] || fail "exit 2: script returned ${rc}"
has_output "exit-code=2" || fail "exit 2: no exit-code output"
has_output "sarif-file=" || fail "exit 2: sarif-file should be empty"
has_output "markdown-file=" || fail "exit 2: markdown-file should be empty"
[ ! -s "${work}/summary" ] || fail "exit 2: summary appended without a report"
grep -q "exit 2" "${work}/log" || fail "exit 2: no message"
ok "papilint exit 2 -> step exit ${rc}, empty file outputs"

# Defaults: path ., fail-on error, format github, SARIF papilint.sarif.
run "defaults" 0
for a in --format github --fail-on error sarif=papilint.sarif; do has_arg "${a}" || fail "defaults: ${a} missing"; done
[ "$(tail -n 2 "${work}/args" | tr '\n' ' ')" = "-- . " ] || fail "defaults: path is not ."
ok "defaults"

# No SARIF, no summary.
run "no sarif, no summary" 0 PAPILINT_SARIF= PAPILINT_SUMMARY=false
grep -q '^sarif=' "${work}/args" && fail "empty sarif-file still wrote SARIF"
has_output "sarif-file=" || fail "sarif-file output should be empty"
[ ! -s "${work}/summary" ] || fail "summary appended with summary=false"
ok "sarif-file empty and summary false"

# Inputs are data: no command substitution, no globbing, no word tricks.
# shellcheck disable=SC2016 # the single quotes are the point
run "injection" 0 PAPILINT_PATH='$(touch pwned1) `touch pwned2` *' PAPILINT_ARGS='--config $(touch pwned3);touch${IFS}pwned4' \
  PAPILINT_FAIL_ON='error" ; touch pwned5 ; "'
ls "${work}/ws"/pwned* >/dev/null 2>&1 && fail "an input was executed: $(ls "${work}/ws")"
# shellcheck disable=SC2016
has_arg '$(touch' || fail "injection: path not passed literally"
has_arg '*' || fail "injection: * was expanded"
# shellcheck disable=SC2016
has_arg 'pwned3);touch${IFS}pwned4' || fail "injection: args not passed literally"
has_arg 'error" ; touch pwned5 ; "' || fail "injection: fail-on not passed as one argument"
ok "inputs with shell syntax are passed as data"

# The real papilint on the broken example, when Go is there.
if [ -n "${PAPILINT_REAL:-}" ] || command -v go >/dev/null 2>&1; then
  real="${PAPILINT_REAL:-${work}/papilint-real}"
  if [ -z "${PAPILINT_REAL:-}" ]; then
    (cd "${repo}" && go build -o "${real}" ./cmd/papilint)
  fi
  : >"${work}/out"
  : >"${work}/summary"
  case_fails="${fails}"
  rc=0
  (
    cd "${repo}"
    PAPILINT="${real}" PAPILINT_PATH=examples/broken PAPILINT_FORMAT=github PAPILINT_SARIF="${work}/real.sarif" \
      GITHUB_OUTPUT="${work}/out" GITHUB_STEP_SUMMARY="${work}/summary" RUNNER_TEMP="${work}/tmp" "${script}"
  ) >"${work}/log" 2>&1 || rc=$?
  [ "${rc}" -eq 1 ] || fail "real papilint: exit ${rc}, want 1: $(cat "${work}/log")"
  grep -q '^::error file=examples/broken/private-api.yaml,line=138,' "${work}/log" || fail "real papilint: no annotation"
  grep -q '"ruleId": "PAPI030"' "${work}/real.sarif" || fail "real papilint: SARIF lacks PAPI030"
  grep -q 'load balancer<br/>Alb<br/>internet-facing<br/>✖ [^"]*PAPI030' "${work}/summary" || fail "real papilint: summary lacks the diagram"
  ok "real papilint: exit 1, annotations, SARIF and the request-path summary"
else
  echo "SKIP: no go and no PAPILINT_REAL; the real-binary case did not run"
fi

if [ "${fails}" -gt 0 ]; then
  echo "${fails} check(s) failed"
  exit 1
fi
echo "all run-papilint.sh checks passed"
