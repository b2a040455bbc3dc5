#!/usr/bin/env bash
# Checks the GitHub Action and the workflows, and the action's shell logic:
#   - action-validator (npm @action-validator/cli) on action.yml and on every
#     workflow (.github/workflows and the documented example);
#   - actionlint (with shellcheck on PATH, so run: scripts are linted too),
#     which also checks the inputs given to `uses: ./` against action.yml;
#   - shellcheck on scripts/*.sh;
#   - scripts/test-run-papilint.sh, the action's script with a stub papilint,
#     a fake GITHUB_OUTPUT and GITHUB_STEP_SUMMARY, then the real papilint.
# Each validator is shown to reject a broken file first, so a pass means
# something. A tool that cannot be installed is skipped with a message.
# Called by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/ci-lib.sh
. scripts/ci-lib.sh
work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT
workflows=(.github/workflows/*.yml docs/examples/*.yml)

# A copy of the repository's action and workflows with one defect each,
# for the negative checks.
mkdir -p "${work}/neg/.github/workflows" "${work}/neg/.git" # .git marks the project root for actionlint
cp action.yml "${work}/neg/action.yml"
grep -v '^      shell: bash$' action.yml >"${work}/neg/bad-action.yml"
sed 's/^          fail-on: warning$/          fail-onn: warning/' .github/workflows/selftest.yml >"${work}/neg/.github/workflows/selftest.yml"
cmp -s action.yml "${work}/neg/bad-action.yml" && { echo "negative action.yml was not changed"; exit 1; }
cmp -s .github/workflows/selftest.yml "${work}/neg/.github/workflows/selftest.yml" && { echo "negative workflow was not changed"; exit 1; }

echo "-- action-validator"
if ci_npm_tools; then
  av="${CI_NODE_MODULES}/.bin/action-validator"
  "${av}" action.yml
  for w in "${workflows[@]}"; do
    "${av}" "${w}"
  done
  if "${av}" "${work}/neg/bad-action.yml" >/dev/null 2>&1; then
    echo "action-validator accepted composite run: steps without shell:"; exit 1
  fi
  echo "ok: action.yml and ${#workflows[@]} workflows; rejects run: steps without shell:"
else
  skip "npm @action-validator/cli could not be installed: action.yml and the workflows were not checked by action-validator"
fi

echo "-- shellcheck"
have_shellcheck=1
if ci_apt shellcheck shellcheck; then
  shellcheck -x scripts/*.sh
  echo "ok: $(find scripts -maxdepth 1 -name '*.sh' | wc -l) scripts"
else
  have_shellcheck=0
  skip "shellcheck is not installed and could not be (apt-get install shellcheck)"
fi

echo "-- actionlint"
if command -v go >/dev/null 2>&1 && ci_actionlint; then
  if [ "${have_shellcheck}" -eq 0 ]; then
    echo "(without shellcheck: run: scripts are not linted)"
  fi
  "${CI_BIN}/actionlint" "${workflows[@]}"
  if (cd "${work}/neg" && "${CI_BIN}/actionlint" .github/workflows/selftest.yml >/dev/null 2>&1); then
    echo "actionlint accepted an input the action does not define"; exit 1
  fi
  echo "ok: ${#workflows[@]} workflows; rejects an undefined input of uses: ./"
else
  skip "actionlint could not be installed (go install ${CI_ACTIONLINT})"
fi

echo "-- scripts/test-run-papilint.sh"
ci_build_papilint "${work}"
PAPILINT_REAL="${work}/papilint" bash scripts/test-run-papilint.sh
