#!/usr/bin/env bash
# IdentityBroker token-endpoint benchmark (issue #3). See bench/README.md and docs/benchmarks.md.
#
# Builds the committed HEAD (Release) into $IB_BENCH_DIR, starts a throwaway PostgreSQL cluster (fsync on), the ESIA
# emulator and the broker (ASPNETCORE_ENVIRONMENT=Production, logging at Warning), signs in once through the emulator,
# then measures on loopback:
#   - authorization_code redemptions (codes pre-generated through the broker session, single sign-on)
#   - refresh_token grants (one rotating family per concurrent client)
# and the same two against panva's oidc-provider 9.13.3 (in-memory adapter, and a PostgreSQL adapter in bench/);
# then full federated sign-ins through the ESIA emulator, each from a fresh cookie jar (issue #11; --only signin).
# Prints one table. Every load phase is bounded in count and in time.
#
# usage: bench/run.sh [--no-build | --worktree-build] [--smoke] [--fsync off] [--only broker|oidc-provider|signin]
#                     [--concurrency N] [--duration S] [--profile perf|dotnet-trace]
#   --smoke: the whole path with tiny counts (2 clients, a handful of codes, 1 s per refresh phase), in seconds; the
#     driver is strict: any failed request, or a phase without one answer, fails the run (exit 1). Not a measurement.
#     CI runs it (scripts/test.sh, phase "bench").
#   --worktree-build: no build; use the Release build of this checkout (src/*/bin/Release/net10.0, what
#     `dotnet build IdentityBroker.sln -c Release` leaves), uncommitted changes included (labelled "worktree").
#   --profile perf: CPU profile of the broker during each measured phase (perf record -g, DOTNET_PerfMapEnabled=1 for
#     JIT'd frames), reports by shared object and by symbol in $IB_BENCH_DIR/run/profile-*.txt
#   --profile dotnet-trace: dotnet-trace sampled thread time instead (wall clock, includes waits).
#   Profiling slows the broker: don't quote throughput from a profiled run.
# Extra broker settings for experiments: IB_BENCH_BROKER_ENV="IdentityBroker__Signing__Algorithm=ES256 ...",
# IB_BENCH_CS_EXTRA=";No Reset On Close=true" (appended to the connection string); both are printed in the label.
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH/.." && pwd)
DIR=${IB_BENCH_DIR:-/tmp/ib-bench}
RUN=$DIR/run
RESULTS=$RUN/results.jsonl
CONCURRENCY=${IB_BENCH_CONCURRENCY:-32}
DURATION=${IB_BENCH_DURATION:-12}          # seconds of measurement per refresh phase (after warm-up)
WARMUP=${IB_BENCH_WARMUP:-4}               # seconds of warm-up per refresh phase
CODES=${IB_BENCH_CODES:-3000}              # measured code redemptions (plus a warm-up batch of CODES/4)
SIGNINS=${IB_BENCH_SIGNINS:-20000}         # at most this many measured federated sign-ins ...
SIGNIN_DURATION=${IB_BENCH_SIGNIN_DURATION:-15}   # ... or this many seconds, whichever ends first
SIGNIN_WARMUP=${IB_BENCH_SIGNIN_WARMUP:-6}       # seconds of sign-in warm-up (the first sign-in meets the data-consent page)
FSYNC=on
NO_BUILD=0
WORKTREE_BUILD=0
SMOKE=0
PROFILE=none
ONLY=all
REF=${IB_BENCH_REF:-HEAD}

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'bench: error: %s\n' "$*" >&2; exit 1; }

while (($#)); do
  case $1 in
    --no-build) NO_BUILD=1 ;;
    --worktree-build) WORKTREE_BUILD=1 ;;
    --smoke) SMOKE=1 ;;
    --profile) PROFILE=$2; shift ;;
    --fsync) FSYNC=$2; shift ;;
    --only) ONLY=$2; shift ;;
    --concurrency) CONCURRENCY=$2; shift ;;
    --duration) DURATION=$2; shift ;;
    -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
    *) die "unknown argument $1 (see --help)" ;;
  esac
  shift
done
[[ $FSYNC == on || $FSYNC == off ]] || die "--fsync takes on or off"
[[ $PROFILE == none || $PROFILE == perf || $PROFILE == dotnet-trace ]] || die "--profile takes perf or dotnet-trace"
STRICT=()
SIGNIN_STRICT=()
if ((SMOKE)); then # tiny counts: the path, not a number (every phase still runs, the table is still printed)
  CONCURRENCY=2 DURATION=1 WARMUP=0.5 CODES=6
  STRICT=(--strict 1 --warm-codes 2)
  SIGNINS=4 SIGNIN_DURATION=20 SIGNIN_WARMUP=20
  SIGNIN_STRICT=(--warm-signins 2)
  # the first sign-in of a cold broker (JIT, first ESIA calls) can take more than the 10 s per request of a measurement
  # when CI shares the machine; the smoke proves the path, not the speed
  export IB_BENCH_REQUEST_TIMEOUT_MS=${IB_BENCH_REQUEST_TIMEOUT_MS:-60000}
fi

PIDS=()
PG_STARTED=0
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if ((PG_STARTED)); then pg_as pg_ctl -D "$RUN/pg/data" -m fast -w -t 30 stop >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ------------------------------------------------------------------ prerequisites
command -v dotnet >/dev/null || die "the .NET 10 SDK is required (dotnet not on PATH)"
command -v node >/dev/null || die "node (>= 20) is required"
command -v openssl >/dev/null || die "openssl is required"
command -v curl >/dev/null || die "curl is required"
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
if [[ -z $PG_BIN ]]; then
  say "postgresql: installing (apt-get install -y postgresql)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
fi
if [[ ! -x $BENCH/node_modules/.bin/node || ! -d $BENCH/node_modules/oidc-provider ]]; then
  say "npm ci in bench/ (oidc-provider 9.13.3, pg, node 22)"
  (cd "$BENCH" && npm ci --no-audit --no-fund >/dev/null)
fi
NODE=$BENCH/node_modules/.bin/node   # node 22: oidc-provider 9 supports it (it warns on 20)

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
mkdir -p "$DIR"
chmod 755 "$DIR"
SERVER_DLL=$DIR/server/IdentityBroker.Server.dll
EMULATOR_DLL=$DIR/emulator/IdentityBroker.EsiaEmulator.dll
DIRECTORY_FILE=$DIR/src/deploy/dev/directory-38.jsonl

# ------------------------------------------------------------------ build (a copy of the committed tree, own output)
if ((WORKTREE_BUILD)); then
  SERVER_DLL=$REPO/src/IdentityBroker.Server/bin/Release/net10.0/IdentityBroker.Server.dll
  EMULATOR_DLL=$REPO/src/IdentityBroker.EsiaEmulator/bin/Release/net10.0/IdentityBroker.EsiaEmulator.dll
  DIRECTORY_FILE=$REPO/deploy/dev/directory-38.jsonl
  [[ -f $SERVER_DLL && -f $EMULATOR_DLL ]] || die "--worktree-build: no Release build in $REPO/src (run dotnet build IdentityBroker.sln -c Release)"
  echo "$(git -C "$REPO" rev-parse --short HEAD) worktree" >"$DIR/commit"
  say "build: skipped (--worktree-build), using $REPO/src/*/bin/Release ($(cat "$DIR/commit"))"
elif ((NO_BUILD)) && [[ -f $SERVER_DLL && -f $EMULATOR_DLL ]]; then
  say "build: skipped (--no-build), using $DIR/server ($(cat "$DIR/commit" 2>/dev/null || echo '?'))"
else
  COMMIT=$(git -C "$REPO" rev-parse --short "$REF")
  say "build: git archive $REF ($COMMIT) -> $DIR/src; dotnet publish -c Release (under flock /tmp/ib-dotnet.lock)"
  rm -rf "$DIR/src" && mkdir -p "$DIR/src"
  git -C "$REPO" archive "$REF" | tar -x -C "$DIR/src"
  (
    cd "$DIR/src"
    for i in 1 2 3; do dotnet restore IdentityBroker.sln -nologo >"$DIR/restore.log" 2>&1 && break; sleep 5; done
    # one lock for both publishes (the lock is shared with every engineer's build on this machine)
    flock /tmp/ib-dotnet.lock bash -c "dotnet publish src/IdentityBroker.Server -c Release -o '$DIR/server' -nologo >'$DIR/publish-server.log' 2>&1 \
      && dotnet publish src/IdentityBroker.EsiaEmulator -c Release -o '$DIR/emulator' -nologo >'$DIR/publish-emulator.log' 2>&1" \
      || { tail -n 30 "$DIR/publish-server.log" "$DIR/publish-emulator.log" >&2; exit 1; }
  ) || die "build failed (logs in $DIR)"
  echo "$COMMIT" >"$DIR/commit"
fi
COMMIT=$(cat "$DIR/commit")

# ------------------------------------------------------------------ throwaway PostgreSQL cluster
free_port() { "$NODE" -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
pg_as() {
  local tool=$1; shift
  if [[ ${EUID:-$(id -u)} -eq 0 ]]; then su postgres -s /bin/sh -c 'exec "$0" "$@"' -- "$PG_BIN/$tool" "$@"; else "$PG_BIN/$tool" "$@"; fi
}
rm -rf "$RUN"
mkdir -p "$RUN/pg" "$RUN/logs" "$RUN/keys" "$RUN/regions"
chmod 755 "$RUN" "$RUN/pg"
[[ ${EUID:-$(id -u)} -ne 0 ]] || chown postgres:postgres "$RUN/pg"
PG_PORT=$(free_port)
pg_as initdb -D "$RUN/pg/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$RUN/logs/initdb.log" 2>&1 || die "initdb failed ($RUN/logs/initdb.log)"
PG_OPTS="-p $PG_PORT -k $RUN/pg -c listen_addresses=127.0.0.1 -c fsync=$FSYNC -c synchronous_commit=$FSYNC -c max_connections=200"
PG_OPTS+=" -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all"
pg_as pg_ctl -D "$RUN/pg/data" -l "$RUN/pg/postgres.log" -w -t 60 -o "$PG_OPTS" start >/dev/null || die "PostgreSQL did not start ($RUN/pg/postgres.log)"
PG_STARTED=1
PSQL=("$PG_BIN/psql" -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1)
"${PSQL[@]}" -d postgres -c "CREATE DATABASE broker" -c "CREATE DATABASE oidc" >/dev/null
"${PSQL[@]}" -d broker -c "CREATE EXTENSION pg_stat_statements" >/dev/null
PG_VERSION=$("${PSQL[@]}" -d postgres -tAc "SHOW server_version")
PG_PID=$(head -n1 "$RUN/pg/data/postmaster.pid")
say "postgresql $PG_VERSION on 127.0.0.1:$PG_PORT (fsync=$FSYNC, synchronous_commit=$FSYNC), data in $RUN/pg"
BROKER_CS="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=broker${IB_BENCH_CS_EXTRA:-}"
OIDC_PG="postgres://postgres@127.0.0.1:$PG_PORT/oidc"

# ------------------------------------------------------------------ keys, region file
KEYS=$RUN/keys
dotnet "$SERVER_DLL" esia-dev-credentials --out "$KEYS" >"$RUN/logs/credentials.log" 2>&1 || die "esia-dev-credentials failed"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$KEYS/esia-signing.key.pem" -out "$KEYS/esia-signing.cert.pem" \
  -days 30 -subj "/CN=ESIA emulator bench" >>"$RUN/logs/credentials.log" 2>&1
if ! grep -q -- '-----BEGIN PRIVATE KEY-----' "$KEYS/esia-signing.key.pem"; then
  openssl pkcs8 -topk8 -nocrypt -in "$KEYS/esia-signing.key.pem" -out "$KEYS/k.tmp" && mv "$KEYS/k.tmp" "$KEYS/esia-signing.key.pem"
fi
BROKER_PORT=$(free_port); EMULATOR_PORT=$(free_port); OP_PORT=$(free_port); MANAGEMENT_PORT=$(free_port)
BROKER_URL=http://127.0.0.1:$BROKER_PORT
MANAGEMENT_URL=http://127.0.0.1:$MANAGEMENT_PORT   # health, metrics and /admin answer only here (404 on the public port)
EMULATOR_URL=http://127.0.0.1:$EMULATOR_PORT
CLIENT_ID=bench-web
CLIENT_SECRET=$(openssl rand -hex 24)
REDIRECT_URI=http://127.0.0.1:9/bench-callback
SECRET_SHA256=$(printf '%s' "$CLIENT_SECRET" | openssl dgst -sha256 -binary | openssl base64 -A)
cat >"$RUN/regions/38.json" <<EOF
// Generated by bench/run.sh: region 38 against the ESIA emulator, one benchmark client.
{
  "code": "38", "name": "Иркутская область", "timeZone": "Asia/Irkutsk",
  "policy": { "adultLevels": ["standard", "confirmed"], "passwordSignIn": "forbidden" },
  "esia": {
    "baseUrl": "$EMULATOR_URL", "issuer": "$EMULATOR_URL/", "clientId": "DNEVNIK38",
    "redirectUri": "$BROKER_URL/signin-esia",
    "scopes": ["openid", "fullname", "birthdate", "gender", "snils", "id_doc"],
    "signer": { "kind": "file", "keyPath": "$KEYS/esia-client.key.pem", "certificatePath": "$KEYS/esia-client.cert.pem" },
    "trustedCertificates": ["$KEYS/esia-signing.cert.pem"]
  },
  "clients": [
    { "clientId": "$CLIENT_ID", "displayName": "Benchmark client", "type": "confidential",
      "secretSha256": ["$SECRET_SHA256"],
      "redirectUris": ["$REDIRECT_URI"],
      "allowedScopes": ["openid", "profile", "diary", "offline_access"],
      "grantTypes": ["authorization_code", "refresh_token"] }
  ]
}
EOF

BROKER_ENV=(
  "ConnectionStrings__Broker=$BROKER_CS"
  "IdentityBroker__Issuer=$BROKER_URL"
  "IdentityBroker__AllowHttpIssuer=true"
  "IdentityBroker__ManagementPort=$MANAGEMENT_PORT"
  "IdentityBroker__RegionsDirectory=$RUN/regions"
  "IdentityBroker__PersonalDataPepper=$(openssl rand -base64 32)"
  "IdentityBroker__SigningKeyEncryptionKey=$(openssl rand -base64 32)"
  # codes are pre-generated before the redemption phase; the default 1 min could expire the last ones
  "IdentityBroker__AuthorizationCodeLifetime=00:10:00"
  # all load comes from 127.0.0.1: the per-IP limit (default 50/s, burst 200) would measure the limiter; the limiter
  # stays on, and the per-client limit (default 2000/s) keeps its production value
  "IdentityBroker__RateLimits__PerIpPerSecond=1000000"
  "IdentityBroker__RateLimits__PerIpBurst=1000000"
  "ASPNETCORE_ENVIRONMENT=Production"
  "ASPNETCORE_URLS=$BROKER_URL"
  "Logging__LogLevel__Default=Warning"
  "Logging__LogLevel__Microsoft.AspNetCore=Warning"
  "Logging__LogLevel__Microsoft.EntityFrameworkCore=Warning"
)
VARIANT=""
if [[ -n ${IB_BENCH_BROKER_ENV:-} ]]; then
  read -r -a extra <<<"$IB_BENCH_BROKER_ENV"
  BROKER_ENV+=("${extra[@]}")
  VARIANT+=", ${IB_BENCH_BROKER_ENV}"
fi
[[ -z ${IB_BENCH_CS_EXTRA:-} ]] || VARIANT+=", cs+${IB_BENCH_CS_EXTRA#;}"
[[ $PROFILE == none ]] || VARIANT+=", PROFILED"
[[ $PROFILE != perf ]] || BROKER_ENV+=("DOTNET_PerfMapEnabled=1" "DOTNET_EnableWriteXorExecute=0")
EMULATOR_EXTRA_ENV=()
if [[ -n ${IB_BENCH_EMULATOR_ENV:-} ]]; then # experiments on the emulator's runtime, e.g. DOTNET_TieredCompilation=0 (labelled)
  read -r -a extra <<<"$IB_BENCH_EMULATOR_ENV"
  EMULATOR_EXTRA_ENV+=("${extra[@]}")
  VARIANT+=", emulator ${IB_BENCH_EMULATOR_ENV}"
fi
[[ $PROFILE != perf ]] || EMULATOR_EXTRA_ENV+=("DOTNET_PerfMapEnabled=1" "DOTNET_EnableWriteXorExecute=0")
env "${BROKER_ENV[@]}" dotnet "$SERVER_DLL" migrate >"$RUN/logs/migrate.log" 2>&1 || { tail -n 20 "$RUN/logs/migrate.log" >&2; die "migrate failed"; }
env "${BROKER_ENV[@]}" dotnet "$SERVER_DLL" import-directory --region 38 --file "$DIRECTORY_FILE" >"$RUN/logs/import.log" 2>&1 \
  || { tail -n 20 "$RUN/logs/import.log" >&2; die "import-directory failed"; }

# ------------------------------------------------------------------ processes
wait_http() { # URL PID NAME
  local i
  for i in $(seq 1 120); do
    curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null && return 0
    kill -0 "$2" 2>/dev/null || { tail -n 30 "$RUN/logs/$3.log" >&2; die "$3 exited before answering $1"; }
    sleep 0.5
  done
  die "$3 did not answer $1 within 60 s"
}

start_broker_side() {
  env "ASPNETCORE_URLS=$EMULATOR_URL" "ASPNETCORE_ENVIRONMENT=Production" "Logging__LogLevel__Default=Warning" \
    "Emulator__Issuer=$EMULATOR_URL/" \
    "Emulator__SigningKeyPath=$KEYS/esia-signing.key.pem" "Emulator__SigningCertificatePath=$KEYS/esia-signing.cert.pem" \
    "Emulator__Clients__0__ClientId=DNEVNIK38" "Emulator__Clients__0__CertificatePath=$KEYS/esia-client.cert.pem" \
    "Emulator__Clients__0__RedirectUris__0=$BROKER_URL/" "Emulator__Clients__0__SystemName=Электронный дневник — Иркутская область" \
    "${EMULATOR_EXTRA_ENV[@]}" dotnet "$EMULATOR_DLL" >"$RUN/logs/esia-emulator.log" 2>&1 </dev/null &
  EMULATOR_PID=$!; PIDS+=("$EMULATOR_PID")
  env "${BROKER_ENV[@]}" dotnet "$SERVER_DLL" >"$RUN/logs/broker.log" 2>&1 </dev/null &
  BROKER_PID=$!; PIDS+=("$BROKER_PID")
  wait_http "$EMULATOR_URL/public/esia.cer" "$EMULATOR_PID" esia-emulator
  wait_http "$MANAGEMENT_URL/health/ready" "$BROKER_PID" broker
  say "broker $COMMIT (Release, Production) on $BROKER_URL (management $MANAGEMENT_URL), pid $BROKER_PID; ESIA emulator on $EMULATOR_URL"
}

stop_pid() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

DRIVER=("$NODE" "$BENCH/driver.mjs")
COMMON=(--concurrency "$CONCURRENCY" --duration "$DURATION" --warmup "$WARMUP" --codes "$CODES" --results "$RESULTS"
        --client-id "$CLIENT_ID" --client-secret "$CLIENT_SECRET" --redirect-uri "$REDIRECT_URI" --pg-pid "$PG_PID" "${STRICT[@]}")
: >"$RESULTS"


PROFILE_SECONDS=$((DURATION < 10 ? DURATION : 10))
if [[ $PROFILE == dotnet-trace ]]; then
  TRACE_TOOL=$DIR/tools/dotnet-trace
  if [[ ! -x $TRACE_TOOL ]]; then
    dotnet tool install dotnet-trace --tool-path "$DIR/tools" >"$RUN/logs/dotnet-trace-install.log" 2>&1 || die "dotnet tool install dotnet-trace failed ($RUN/logs/dotnet-trace-install.log)"
  fi
  export IB_BENCH_ON_MEASURE_IMPL=broker
  export IB_BENCH_ON_MEASURE="'$TRACE_TOOL' collect -p \$BENCH_SERVER_PID --profile dotnet-sampled-thread-time --duration 00:00:00:$(printf '%02d' "$PROFILE_SECONDS") -o '$RUN/trace-'\$BENCH_OP.nettrace >'$RUN/logs/trace-'\$BENCH_OP.log 2>&1"
elif [[ $PROFILE == perf ]]; then
  command -v perf >/dev/null || { apt-get install -y -qq linux-perf >/dev/null 2>&1 || die "perf is not installed (apt-get install -y linux-perf)"; }
  export IB_BENCH_ON_MEASURE_IMPL=broker
  export IB_BENCH_ON_MEASURE="echo \$\$ >'$RUN/perf-'\$BENCH_OP.pid; exec perf record -F 499 -g -p \$BENCH_SERVER_PID -o '$RUN/perf-'\$BENCH_OP.data -- sleep $PROFILE_SECONDS >'$RUN/logs/perf-'\$BENCH_OP.log 2>&1"
fi

if [[ $ONLY == all || $ONLY == broker ]]; then
  start_broker_side
  for op in code refresh; do
    "${DRIVER[@]}" "$op" --impl broker --stats-db "postgres://postgres@127.0.0.1:$PG_PORT/broker" --label "IdentityBroker (PostgreSQL, fsync=$FSYNC$VARIANT)" --issuer "$BROKER_URL" \
      --server-pid "$BROKER_PID" "${COMMON[@]}" || die "driver failed ($op, broker)"
    if [[ -f $RUN/perf-$op.pid ]]; then # let the profiler finish before the next phase
      for _ in $(seq 1 40); do kill -0 "$(cat "$RUN/perf-$op.pid")" 2>/dev/null || break; sleep 0.5; done
    fi
  done
  if [[ $PROFILE == perf ]]; then
    sleep 1 # perf report needs the broker's /tmp/perf-PID.map, written while it runs: report before stopping it
    for t in "$RUN"/perf-*.data; do
      [[ -f $t ]] || continue
      out=$RUN/profile-$(basename "${t%.data}" | sed 's/^perf-//').txt
      {
        echo "# CPU samples of the broker by shared object (JIT'd code shows as [JIT] tid / perf-PID.map)"
        perf report -i "$t" --no-children --sort dso --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -25
        echo; echo "# by symbol, self time"
        perf report -i "$t" --no-children --sort dso,sym --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -70
      } >"$out" 2>&1 || true
      say "profile: $out"
    done
  fi
  stop_pid "$BROKER_PID"; stop_pid "$EMULATOR_PID"
  if [[ $PROFILE == dotnet-trace ]]; then
    sleep 2
    for t in "$RUN"/trace-*.nettrace; do
      [[ -f $t ]] || continue
      { echo "# inclusive"; "$TRACE_TOOL" report "$t" topN -n 60 --inclusive; echo "# exclusive"; "$TRACE_TOOL" report "$t" topN -n 40; } >"$RUN/profile-$(basename "${t%.nettrace}" | sed 's/^trace-//').txt" 2>&1 || true
    done
  fi
fi

# ------------------------------------------------------------------ federated sign-in through the ESIA emulator (issue #11)
# A fresh broker and emulator; N clients each run complete sign-ins, every one from an empty cookie jar. With --profile
# perf both processes are recorded during the measured phase and reported apart (profile-federated_sign_in-*.txt).
perf_report() { # DATA PID OUT TITLE
  {
    echo "# $4: CPU samples by shared object (JIT'd code shows as [JIT] tid / perf-PID.map)"
    perf report -i "$1" --pid "$2" --percentage relative --no-children --sort dso --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -25
    echo; echo "# $4: by symbol, self time"
    perf report -i "$1" --pid "$2" --percentage relative --no-children --sort dso,sym --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -80
    echo; echo "# $4: by symbol, inclusive time (children), managed frames"
    perf report -i "$1" --pid "$2" --percentage relative --children --sort sym --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -150
  } >"$3" 2>&1 || true
  say "profile: $3"
}
if [[ $ONLY == all || $ONLY == signin ]]; then
  if [[ $PROFILE == perf ]]; then # no ReadyToRun code: every managed frame (framework too) is JIT'd and named in the perf map
    BROKER_ENV+=("DOTNET_ReadyToRun=0"); EMULATOR_EXTRA_ENV+=("DOTNET_ReadyToRun=0")
  fi
  start_broker_side
  signin_measure=${IB_BENCH_ON_MEASURE:-}
  signin_profile_seconds=$((SIGNIN_DURATION < 60 ? SIGNIN_DURATION : 60))
  if [[ $PROFILE == perf ]]; then
    signin_measure="echo \$\$ >'$RUN/perf-signin.pid'; exec perf record -F 499 -g -p $BROKER_PID,$EMULATOR_PID -o '$RUN/perf-signin.data' -- sleep $signin_profile_seconds >'$RUN/logs/perf-signin.log' 2>&1"
  fi
  IB_BENCH_ON_MEASURE=$signin_measure "${DRIVER[@]}" signin --impl broker --stats-db "postgres://postgres@127.0.0.1:$PG_PORT/broker" \
    --label "IdentityBroker via the ESIA emulator (PostgreSQL, fsync=$FSYNC$VARIANT)" --issuer "$BROKER_URL" \
    --server-pid "$BROKER_PID" --emulator-pid "$EMULATOR_PID" --management-url "$MANAGEMENT_URL" \
    --signins "$SIGNINS" --signin-duration "$SIGNIN_DURATION" --signin-warmup "$SIGNIN_WARMUP" "${COMMON[@]}" "${SIGNIN_STRICT[@]}" \
    || die "driver failed (signin)"
  if [[ $PROFILE == perf && -f $RUN/perf-signin.pid ]]; then
    for _ in $(seq 1 40); do kill -0 "$(cat "$RUN/perf-signin.pid")" 2>/dev/null || break; sleep 0.5; done
    sleep 1 # the reports need the /tmp/perf-PID.map files, written while the processes run
    perf_report "$RUN/perf-signin.data" "$BROKER_PID" "$RUN/profile-federated_sign_in-broker.txt" broker
    perf_report "$RUN/perf-signin.data" "$EMULATOR_PID" "$RUN/profile-federated_sign_in-emulator.txt" "ESIA emulator"
  fi
  stop_pid "$BROKER_PID"; stop_pid "$EMULATOR_PID"
  if [[ $PROFILE == dotnet-trace && -f $RUN/trace-federated_sign_in.nettrace ]]; then
    sleep 2
    { echo "# inclusive"; "$TRACE_TOOL" report "$RUN/trace-federated_sign_in.nettrace" topN -n 60 --inclusive; echo "# exclusive"; "$TRACE_TOOL" report "$RUN/trace-federated_sign_in.nettrace" topN -n 40; } \
      >"$RUN/profile-federated_sign_in.txt" 2>&1 || true
  fi
fi

if [[ $ONLY == all || $ONLY == oidc-provider ]]; then
  "${PSQL[@]}" -d oidc -c "CREATE EXTENSION pg_stat_statements" >/dev/null
  for adapter in memory postgres; do
    OP_URL=http://127.0.0.1:$OP_PORT
    env NODE_ENV=production "$NODE" "$BENCH/op.mjs" --port "$OP_PORT" --adapter "$adapter" --database "$OIDC_PG" \
      --client-id "$CLIENT_ID" --client-secret "$CLIENT_SECRET" --redirect-uri "$REDIRECT_URI" \
      >"$RUN/logs/oidc-provider-$adapter.log" 2>&1 </dev/null &
    OP_PID=$!; PIDS+=("$OP_PID")
    wait_http "$OP_URL/.well-known/openid-configuration" "$OP_PID" "oidc-provider-$adapter"
    if [[ $adapter == memory ]]; then label="oidc-provider 9.13.3 (in-memory)"; else label="oidc-provider 9.13.3 (PostgreSQL, fsync=$FSYNC)"; fi
    for op in code refresh; do
      stats=(); [[ $adapter == memory ]] || stats=(--stats-db "postgres://postgres@127.0.0.1:$PG_PORT/oidc")
      "${DRIVER[@]}" "$op" --impl oidc-provider --label "$label" --issuer "$OP_URL" --server-pid "$OP_PID" "${COMMON[@]}" "${stats[@]}" \
        || die "driver failed ($op, oidc-provider $adapter)"
    done
    stop_pid "$OP_PID"
  done
fi

echo
echo "IdentityBroker $COMMIT, PostgreSQL $PG_VERSION fsync=$FSYNC, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ); load average at start: $LOAD_START, at end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "CPU% = percent of one core during the measured phase: server / its PostgreSQL backends / this load driver / everything else on the machine"
"${DRIVER[@]}" table --results "$RESULTS"
echo
"${DRIVER[@]}" signin-summary --results "$RESULTS"
echo
"$NODE" "$BENCH/ratios.mjs" --results "$RESULTS"   # issue #11: broker ÷ oidc-provider+PostgreSQL per operation, this run only
echo
"${DRIVER[@]}" sql --results "$RESULTS" >"$RUN/sql-per-request.txt"
echo "raw results: $RESULTS; SQL per request: $RUN/sql-per-request.txt; logs: $RUN/logs"
if ((SMOKE)); then # every phase that ran must have left a row with answers (the driver already failed on any error)
  want=0
  if [[ $ONLY == all || $ONLY == broker ]]; then want=$((want + 2)); fi
  if [[ $ONLY == all || $ONLY == oidc-provider ]]; then want=$((want + 4)); fi
  if [[ $ONLY == all || $ONLY == signin ]]; then want=$((want + 1)); fi
  got=$(grep -c '"ok":[1-9]' "$RESULTS" || true)
  ((got == want)) || die "smoke: $got of $want phases answered ($RESULTS)"
  echo "bench smoke: $got phases ok (token endpoint and federated sign-in, $([[ $ONLY == all ]] && echo 'broker and oidc-provider' || echo "$ONLY only"))"
fi
