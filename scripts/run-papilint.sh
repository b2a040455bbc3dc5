#!/usr/bin/env bash
# Runs `papilint scan` for the GitHub Action (action.yml). The action's
# inputs arrive as environment variables and are never pasted into code:
#
#   PAPILINT          the papilint binary (default: papilint on PATH)
#   PAPILINT_PATH     files or directories, separated by whitespace (default: .)
#   PAPILINT_FAIL_ON  error, warning, note or none (default: error)
#   PAPILINT_FORMAT   format of the report in the log (default: github)
#   PAPILINT_ARGS     more arguments for scan, separated by whitespace
#   PAPILINT_SARIF    where to write the SARIF report (empty: none)
#   PAPILINT_SUMMARY  "true" appends the Markdown report to $GITHUB_STEP_SUMMARY
#
# One scan writes the log report, the SARIF file and the Markdown report.
# The script writes exit-code, sarif-file and markdown-file to
# $GITHUB_OUTPUT and exits with papilint's code: 0 clean, 1 findings at or
# above the fail-on level, 2 usage or input error.
set -uo pipefail

bin="${PAPILINT:-papilint}"
fail_on="${PAPILINT_FAIL_ON:-error}"
format="${PAPILINT_FORMAT:-github}"
sarif="${PAPILINT_SARIF-papilint.sarif}"
output="${GITHUB_OUTPUT:-/dev/null}"
markdown="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/papilint-summary.md"

# Whitespace (including newlines) separates paths and arguments; read -a
# does no globbing, so '*' stays '*'.
path_input="${PAPILINT_PATH:-}"
args_input="${PAPILINT_ARGS:-}"
read -r -a paths <<<"${path_input//$'\n'/ }"
if [ "${#paths[@]}" -eq 0 ]; then
  paths=(.)
fi
read -r -a extra <<<"${args_input//$'\n'/ }"

args=(scan --format "${format}" --fail-on "${fail_on}" --report "markdown=${markdown}")
if [ -n "${sarif}" ]; then
  args+=(--report "sarif=${sarif}")
fi
# Links in the summary point at the scanned commit on GitHub.
if [ -n "${GITHUB_SERVER_URL:-}" ] && [ -n "${GITHUB_REPOSITORY:-}" ] && [ -n "${GITHUB_SHA:-}" ]; then
  args+=(--link-base "${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/blob/${GITHUB_SHA}/")
fi
# ${a[@]+"${a[@]}"}: an empty array under set -u, also in bash 3.2 (macOS).
args+=(${extra[@]+"${extra[@]}"} -- "${paths[@]}")

rm -f "${markdown}"
"${bin}" "${args[@]}"
code=$?

{
  echo "exit-code=${code}"
  if [ -n "${sarif}" ] && [ -s "${sarif}" ]; then
    echo "sarif-file=${sarif}"
  else
    echo "sarif-file="
  fi
  if [ -s "${markdown}" ]; then
    echo "markdown-file=${markdown}"
  else
    echo "markdown-file="
  fi
} >>"${output}"

if [ "${PAPILINT_SUMMARY:-true}" = "true" ] && [ -s "${markdown}" ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  cat "${markdown}" >>"${GITHUB_STEP_SUMMARY}"
fi

if [ "${code}" -ge 2 ]; then
  echo "papilint: exit ${code}: a usage error or an input that could not be read (see above)" >&2
fi
exit "${code}"
