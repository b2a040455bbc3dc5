#!/usr/bin/env bash
# Tests the pre-commit hooks end to end with Debian's pre-commit:
#   - `pre-commit validate-manifest .pre-commit-hooks.yaml`;
#   - `pre-commit try-repo` of a snapshot of this working tree (a temporary
#     git repository, so uncommitted and new files are included and this
#     repository's own git state is never touched) against a sample
#     repository with a conforming stack, a broken stack, a Terraform module
#     and files that are not IaC: the hook passes on the conforming files,
#     blocks the broken one, and skips the rest quietly;
#   - the same for the papilint-system hook with a built binary on PATH.
# pre-commit builds the golang hook with `go install ./...`; the module and
# build caches of this machine are shared with it to keep that fast.
# Skips with a message when pre-commit is missing and cannot be installed.
# Called by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
# shellcheck source=scripts/ci-lib.sh
. scripts/ci-lib.sh
if ! ci_apt pre-commit pre-commit; then
  skip "pre-commit is not installed and could not be (apt-get install pre-commit): the hook was not tested"
  exit 0
fi
ci_apt git git || { skip "git is not installed: the hook was not tested"; exit 0; }
echo "pre-commit $(pre-commit --version | awk '{print $2}')"
work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT

pre-commit validate-manifest .pre-commit-hooks.yaml
echo "ok: validate-manifest"

gitq() { git -c user.name=papilint-ci -c user.email=ci@papilint.invalid -c init.defaultBranch=main -c commit.gpgsign=false "$@"; }

# The hook repository: every file git would see in this working tree.
hooks="${work}/hook-repo"
mkdir -p "${hooks}"
if git -C "${repo}" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git -C "${repo}" ls-files -z --cached --others --exclude-standard |
    while IFS= read -r -d '' f; do
      if [ -f "${f}" ]; then
        mkdir -p "${hooks}/$(dirname "${f}")"
        cp -p "${f}" "${hooks}/${f}"
      fi
    done
else
  tar -C "${repo}" --exclude=.git --exclude=node_modules -cf - . | tar -C "${hooks}" -xf -
fi
(cd "${hooks}" && gitq init -q && gitq add -A && gitq commit -q -m snapshot)

# The sample repository a team would have.
sample="${work}/sample"
mkdir -p "${sample}/stacks/good" "${sample}/stacks/bad" "${sample}/.github/workflows"
cp examples/conforming/private-api.yaml "${sample}/stacks/good/private-api.yaml"
cp examples/broken/private-api.yaml "${sample}/stacks/bad/private-api.yaml"
cp -R examples/terraform/conforming-modules "${sample}/infra"
printf '{"name": "sample", "version": "1.0.0"}\n' >"${sample}/package.json"
printf 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps: [{run: echo hi}]\n' >"${sample}/.github/workflows/build.yml"
printf 'repos: []\n' >"${sample}/.pre-commit-config.yaml"
(cd "${sample}" && gitq init -q && gitq add -A && gitq commit -q -m sample)

export PRE_COMMIT_HOME="${work}/pre-commit-home"
GOMODCACHE="$(go env GOMODCACHE)"
GOCACHE="$(go env GOCACHE)"
export GOMODCACHE GOCACHE GOFLAGS="${GOFLAGS:--buildvcs=false}"

# try HOOK WANT ARGS...: runs try-repo in the sample repository and checks
# its exit code (pre-commit: 0 passed, 1 a hook failed, 3 install failed).
try() {
  local hook="$1" want="$2" rc=0
  shift 2
  (cd "${sample}" && pre-commit try-repo "${hooks}" "${hook}" --verbose "$@") >"${work}/log" 2>&1 || rc=$?
  if [ "${rc}" -ne "${want}" ]; then
    cat "${work}/log"
    echo "FAIL: pre-commit try-repo ${hook} $*: exit ${rc}, want ${want}"
    exit 1
  fi
}

start=$(date +%s)
try papilint 0 --files stacks/good/private-api.yaml package.json .pre-commit-config.yaml .github/workflows/build.yml
echo "ok: passes on the conforming stack and skips the files that are not IaC (hook installed in $(($(date +%s) - start)) s)"
grep -q "no findings in 1 file" "${work}/log" || { cat "${work}/log"; echo "FAIL: unexpected hook output"; exit 1; }

try papilint 1 --files stacks/bad/private-api.yaml
grep -q "\[PAPI030\]" "${work}/log" || { cat "${work}/log"; echo "FAIL: the hook did not report PAPI030"; exit 1; }
echo "ok: blocks the broken stack"

try papilint 0 --files infra/main.tf
if grep -q "scan problem" "${work}/log"; then
  cat "${work}/log"; echo "FAIL: a Terraform file passed alone was not checked with its module"; exit 1
fi
echo "ok: a Terraform file alone is checked with the rest of its module"

try papilint 1 --all-files
[ "$(grep -c "\[PAPI030\]" "${work}/log")" -eq 1 ] || { cat "${work}/log"; echo "FAIL: want PAPI030 exactly once"; exit 1; }
echo "ok: --all-files blocks, each finding once"

mkdir -p "${work}/bin"
ci_build_papilint "${work}/bin"
PATH="${work}/bin:${PATH}" try papilint-system 1 --files stacks/good/private-api.yaml stacks/bad/private-api.yaml
PATH="${work}/bin:${PATH}" try papilint-system 0 --files stacks/good/private-api.yaml
echo "ok: papilint-system with papilint on PATH"
