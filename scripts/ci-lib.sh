# shellcheck shell=bash
# Helpers for the scripts/ci-*.sh checks, which .ci/run calls. Source it.
# Tools are installed once into a cache outside the repository and reused:
#   ${PAPILINT_CI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/papilint-ci}
# Every installer returns non-zero when the tool cannot be had, so that the
# caller can skip its check with a visible message instead of failing.

CI_CACHE="${PAPILINT_CI_CACHE:-${XDG_CACHE_HOME:-${HOME}/.cache}/papilint-ci}"
CI_NODE_MODULES="${CI_CACHE}/node_modules"
CI_BIN="${CI_CACHE}/bin"
mkdir -p "${CI_BIN}"

# Pinned versions (docs/integrations notes: the versions verified here).
CI_NPM_PACKAGES=(@microsoft/sarif-multitool@5.7.0 jsonschema@1.5.0 @action-validator/cli@0.6.0)
CI_ACTIONLINT=github.com/rhysd/actionlint/cmd/actionlint@v1.7.12

skip() { echo "SKIP: $*"; }

# ci_npm_tools: the SARIF Multitool, jsonschema 1.5.0 and action-validator.
ci_npm_tools() {
  local want have=1 spec name version
  for spec in "${CI_NPM_PACKAGES[@]}"; do
    name="${spec%@*}"
    version="${spec##*@}"
    want="\"version\": \"${version}\""
    if ! grep -qF "${want}" "${CI_NODE_MODULES}/${name}/package.json" 2>/dev/null; then
      have=0
    fi
  done
  if [ "${have}" -eq 1 ]; then
    return 0
  fi
  command -v npm >/dev/null 2>&1 || return 1
  npm install --prefix "${CI_CACHE}" --no-save --no-audit --no-fund --loglevel=error "${CI_NPM_PACKAGES[@]}" >/dev/null 2>&1
}

# ci_mermaid: Mermaid and jsdom, in their own prefix (an npm install with
# another package list would prune the packages above).
CI_MERMAID_PACKAGES=(mermaid@11.17.2 jsdom@24.1.3)
CI_MERMAID_MODULES="${CI_CACHE}/mermaid/node_modules"
ci_mermaid() {
  if grep -qF '"version": "11.17.2"' "${CI_MERMAID_MODULES}/mermaid/package.json" 2>/dev/null &&
    grep -qF '"version": "24.1.3"' "${CI_MERMAID_MODULES}/jsdom/package.json" 2>/dev/null; then
    return 0
  fi
  command -v npm >/dev/null 2>&1 || return 1
  npm install --prefix "${CI_CACHE}/mermaid" --no-save --no-audit --no-fund --loglevel=error "${CI_MERMAID_PACKAGES[@]}" >/dev/null 2>&1
}

# ci_multitool prints the path of the SARIF Multitool binary.
ci_multitool() {
  local mt="${CI_NODE_MODULES}/@microsoft/sarif-multitool-linux/Sarif.Multitool"
  [ -x "${mt}" ] || return 1
  echo "${mt}"
}

# ci_actionlint: actionlint in $CI_BIN.
ci_actionlint() {
  if "${CI_BIN}/actionlint" -version 2>/dev/null | grep -q '^1\.7\.12'; then
    return 0
  fi
  GOBIN="${CI_BIN}" go install "${CI_ACTIONLINT}" >/dev/null 2>&1
}

# ci_apt CMD PACKAGE: CMD on PATH, installing the Debian PACKAGE if needed
# (as root or with passwordless sudo; apt-get update runs once per run).
ci_apt() {
  local cmd="$1" pkg="$2" sudo=""
  command -v "${cmd}" >/dev/null 2>&1 && return 0
  command -v apt-get >/dev/null 2>&1 || return 1
  if [ "$(id -u)" -ne 0 ]; then
    sudo -n true 2>/dev/null || return 1
    sudo="sudo -n"
  fi
  if [ -z "${CI_APT_UPDATED:-}" ]; then
    ${sudo} apt-get update -qq >/dev/null 2>&1 || return 1
    CI_APT_UPDATED=1
  fi
  ${sudo} env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkg}" >/dev/null 2>&1 || return 1
  command -v "${cmd}" >/dev/null 2>&1
}

# ci_build_papilint DIR: builds papilint into DIR/papilint (not `go run`,
# which turns every non-zero exit into 1).
ci_build_papilint() {
  go build -o "$1/papilint" ./cmd/papilint
}
