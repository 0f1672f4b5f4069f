#!/usr/bin/env bash
# Starts the whole slice locally for a person to try: PostgreSQL, the ESIA emulator, the broker and the demo diary.
# Everything it generates lives in .dev/ (kept between runs). Ctrl+C stops everything it started.
#   scripts/run.sh            start (first run: installs PostgreSQL if missing, generates secrets and keys)
#   scripts/run.sh --reset    delete .dev/ first (new database, secrets and keys)
#   scripts/run.sh --no-build use the existing Release build
# See docs/running.md.
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO_ROOT"
# shellcheck source=scripts/lib/common.sh
source "$REPO_ROOT/scripts/lib/common.sh"
ib_trap_errors

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 MSBUILDTERMINALLOGGER=off

DEV=$REPO_ROOT/.dev
KEYS=$DEV/keys
LOGS=$DEV/logs
REGIONS=$DEV/regions
SECRETS_FILE=$DEV/secrets.env
PIDS_FILE=$DEV/run.pids
PG_FALLBACK_DIR=/tmp/identitybroker-dev-pg
export IB_APT_LOG=$LOGS/apt.log

BROKER_PORT=${IB_BROKER_PORT:-5100}
EMULATOR_PORT=${IB_EMULATOR_PORT:-5101}
DEMO_PORT=${IB_DEMO_PORT:-5102}
PG_PORT=${IB_PG_PORT:-55432}
MANAGEMENT_PORT=${IB_MANAGEMENT_PORT:-5103}
START_TIMEOUT=${IB_START_TIMEOUT:-90}

BROKER_URL=http://localhost:$BROKER_PORT
EMULATOR_URL=http://localhost:$EMULATOR_PORT
DEMO_URL=http://localhost:$DEMO_PORT
MANAGEMENT_URL=http://localhost:$MANAGEMENT_PORT

BIN=bin/Release/net10.0
SERVER_DLL=$REPO_ROOT/src/IdentityBroker.Server/$BIN/IdentityBroker.Server.dll
EMULATOR_DLL=$REPO_ROOT/src/IdentityBroker.EsiaEmulator/$BIN/IdentityBroker.EsiaEmulator.dll
DEMO_DLL=$REPO_ROOT/src/IdentityBroker.DemoClient/$BIN/IdentityBroker.DemoClient.dll
DIRECTORY_FILE=$REPO_ROOT/deploy/dev/directory-38.jsonl

# state used by cleanup
declare -a APP_NAMES=() APP_PIDS=()
PG_STARTED=0
PG_BIN=""
PG_DIR=""
PG_AS_POSTGRES=0
CONNECTION_STRING=""

usage() { sed -n '2,7p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

# ---------------------------------------------------------------- cleanup

stop_app() {
  local name=$1 pid=$2 i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
    sleep 0.1
  done
  ib_warn "$name (pid $pid) did not stop within 10 s; killing it"
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if (( ${#APP_PIDS[@]} > 0 )) || (( PG_STARTED )); then
    echo
    ib_say "stopping ..."
  fi
  local i
  for ((i = ${#APP_PIDS[@]} - 1; i >= 0; i--)); do
    stop_app "${APP_NAMES[i]}" "${APP_PIDS[i]}"
    ib_note "${APP_NAMES[i]} stopped"
  done
  rm -f "$PIDS_FILE"
  if (( PG_STARTED )); then
    if pg_ctl_quiet status; then
      pg_tool pg_ctl -D "$PG_DIR" -m fast -w -t 30 stop >/dev/null 2>&1 || ib_warn "pg_ctl stop failed; the cluster in $PG_DIR may still run"
    fi
    ib_note "postgresql stopped"
  fi
  exit "$rc"
}

# ---------------------------------------------------------------- checks

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

check_port() {
  local port=$1 what=$2 var=$3
  [[ $port =~ ^[0-9]+$ ]] || ib_die "$var='$port' is not a port number"
  if port_in_use "$port"; then
    ib_die "port $port ($what) is already in use. See who holds it: ss -ltnp 'sport = :$port'
  Stop that process, or choose another port: $var=<port> scripts/run.sh"
  fi
}

check_prerequisites() {
  ib_require_dotnet
  ib_ensure_command openssl openssl
  ib_ensure_command curl curl
  [[ -f $DIRECTORY_FILE ]] || ib_die "$DIRECTORY_FILE is missing (is this the IdentityBroker repository?)"
}

# Leftovers of a run that was killed hard (kill -9): stop them if they are still our processes.
stop_leftovers() {
  [[ -f $PIDS_FILE ]] || return 0
  local name pid
  while read -r name pid; do
    [[ $pid =~ ^[0-9]+$ ]] || continue
    if [[ -r /proc/$pid/cmdline ]] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "IdentityBroker\."; then
      ib_warn "stopping $name (pid $pid) left over from an earlier run"
      kill -TERM "$pid" 2>/dev/null || true
      sleep 1
      if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
    fi
  done <"$PIDS_FILE"
  rm -f "$PIDS_FILE"
}

# ---------------------------------------------------------------- PostgreSQL

# Runs a PostgreSQL tool from PG_BIN as the cluster owner (postgres when we are root: initdb refuses root).
pg_tool() {
  local tool=$PG_BIN/$1; shift
  if (( PG_AS_POSTGRES )); then
    # shellcheck disable=SC2016 # $0/$@ are expanded by the inner sh: no quoting layer to get wrong
    su postgres -s /bin/sh -c 'exec "$0" "$@"' -- "$tool" "$@"
  else
    "$tool" "$@"
  fi
}

pg_ctl_quiet() { pg_tool pg_ctl -D "$PG_DIR" "$@" >/dev/null 2>&1; }

# True when the postgres user can reach (traverse) the directory.
# shellcheck disable=SC2016
postgres_can_reach() { su postgres -s /bin/sh -c 'cd "$0"' -- "$1" 2>/dev/null; }

choose_cluster_dir() {
  local dir=$DEV/pgdata reason=""
  # the unix socket lives in the data folder; its path must stay under ~107 bytes
  if (( ${#dir} + ${#PG_PORT} + 10 > 100 )); then
    reason="the path $dir is too long for a unix socket"
  elif (( PG_AS_POSTGRES )) && ! postgres_can_reach "$DEV"; then
    reason="the postgres user cannot traverse $DEV (a parent folder is not world-executable)"
  fi
  if [[ -n $reason ]]; then
    dir=$PG_FALLBACK_DIR/pgdata
    ib_warn "$reason; the PostgreSQL cluster goes to $dir instead (kept between runs until reboot or --reset)"
    mkdir -p "$PG_FALLBACK_DIR"
    chmod 755 "$PG_FALLBACK_DIR"
    PG_LOG=$PG_FALLBACK_DIR/postgres.log
  else
    PG_LOG=$LOGS/postgres.log
  fi
  PG_DIR=$dir
}

setup_postgres() {
  if [[ -n ${IDENTITYBROKER_POSTGRES:-} ]]; then
    CONNECTION_STRING=$IDENTITYBROKER_POSTGRES
    ib_say "postgresql: using IDENTITYBROKER_POSTGRES (no local cluster)"
    return 0
  fi
  ib_ensure_postgres_binaries
  PG_BIN=$(ib_pg_bin_dir)
  if [[ ${EUID:-$(id -u)} -eq 0 ]]; then
    getent passwd postgres >/dev/null || ib_die "running as root, but there is no 'postgres' user to own the cluster (apt-get install -y postgresql creates it)"
    PG_AS_POSTGRES=1
  fi
  choose_cluster_dir

  # A cluster created by another major version: use those binaries if installed, else ask for --reset.
  if [[ -f $PG_DIR/PG_VERSION ]]; then
    local v
    v=$(<"$PG_DIR/PG_VERSION")
    if [[ $PG_BIN != "/usr/lib/postgresql/$v/bin" ]]; then
      [[ -x /usr/lib/postgresql/$v/bin/postgres ]] \
        || ib_die "the cluster in $PG_DIR was created by PostgreSQL $v, which is not installed (found $PG_BIN). Run scripts/run.sh --reset"
      PG_BIN=/usr/lib/postgresql/$v/bin
    fi
  fi

  if [[ ! -f $PG_DIR/PG_VERSION ]]; then
    printf '==> postgresql: creating the cluster in %s ... ' "$PG_DIR"
    rm -rf "$PG_DIR"
    mkdir -p "$PG_DIR"
    chmod 700 "$PG_DIR"
    if (( PG_AS_POSTGRES )); then chown postgres:postgres "$PG_DIR"; fi
    if ! pg_tool initdb -D "$PG_DIR" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$LOGS/initdb.log" 2>&1; then
      printf 'failed\n'; tail -n 15 "$LOGS/initdb.log" >&2
      ib_die "initdb failed (log: $LOGS/initdb.log)"
    fi
    printf 'done\n'
  fi

  # Our cluster still running (a run that was killed hard)? Stop it, so it restarts with the current settings.
  if pg_ctl_quiet status; then
    ib_warn "the cluster in $PG_DIR was still running (left over from an earlier run); restarting it"
    pg_tool pg_ctl -D "$PG_DIR" -m fast -w -t 30 stop >/dev/null 2>&1 || ib_die "cannot stop the left-over cluster in $PG_DIR"
  fi
  check_port "$PG_PORT" "PostgreSQL" IB_PG_PORT

  touch "$PG_LOG"
  if (( PG_AS_POSTGRES )); then chown postgres:postgres "$PG_LOG"; fi
  printf '==> postgresql: starting on 127.0.0.1:%s ... ' "$PG_PORT"
  PG_STARTED=1
  if ! pg_tool pg_ctl -D "$PG_DIR" -l "$PG_LOG" -w -t 60 \
       -o "-p $PG_PORT -k '$PG_DIR' -c listen_addresses=127.0.0.1" start >/dev/null 2>&1; then
    printf 'failed\n'; tail -n 15 "$PG_LOG" >&2
    ib_die "PostgreSQL did not start (log: $PG_LOG)"
  fi
  printf 'ok\n'

  local psql=("$PG_BIN/psql" -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1)
  if [[ $("${psql[@]}" -tAc "SELECT 1 FROM pg_database WHERE datname = 'broker'") != 1 ]]; then
    "${psql[@]}" -c "CREATE DATABASE broker" >/dev/null || ib_die "cannot create the database 'broker' (log: $PG_LOG)"
    ib_note "database 'broker' created"
  fi
  CONNECTION_STRING="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=broker"
}

# ---------------------------------------------------------------- secrets, keys, region file

ensure_secrets() {
  if [[ ! -s $SECRETS_FILE ]]; then
    (
      umask 077
      {
        echo "# Generated by scripts/run.sh on $(date -u +%Y-%m-%dT%H:%M:%SZ). Development only; delete with --reset."
        echo "IdentityBroker__PersonalDataPepper='$(openssl rand -base64 32)'"
        echo "IdentityBroker__SigningKeyEncryptionKey='$(openssl rand -base64 32)'"
        echo "DEMO_CLIENT_SECRET='$(openssl rand -hex 24)'"
      } >"$SECRETS_FILE"
    )
    ib_say "secrets: generated $SECRETS_FILE"
  fi
  chmod 600 "$SECRETS_FILE"
  local IdentityBroker__PersonalDataPepper="" IdentityBroker__SigningKeyEncryptionKey="" DEMO_CLIENT_SECRET=""
  # shellcheck disable=SC1090
  source "$SECRETS_FILE"
  PEPPER=$IdentityBroker__PersonalDataPepper
  SIGNING_KEY_ENCRYPTION_KEY=$IdentityBroker__SigningKeyEncryptionKey
  DEMO_SECRET=$DEMO_CLIENT_SECRET
  [[ -n $PEPPER && -n $SIGNING_KEY_ENCRYPTION_KEY && -n $DEMO_SECRET ]] \
    || ib_die "$SECRETS_FILE is incomplete; delete it (or run scripts/run.sh --reset) to regenerate it"
}

ensure_credentials() {
  mkdir -p "$KEYS"
  chmod 700 "$KEYS"
  if [[ ! -s $KEYS/esia-client.key.pem || ! -s $KEYS/esia-client.cert.pem ]]; then
    dotnet "$SERVER_DLL" esia-dev-credentials --out "$KEYS" >"$LOGS/credentials.log" 2>&1 \
      || { cat "$LOGS/credentials.log" >&2; ib_die "esia-dev-credentials failed"; }
    ib_say "keys: broker GOST ESIA client key and certificate written to $KEYS"
  fi
  if [[ ! -s $KEYS/esia-signing.key.pem || ! -s $KEYS/esia-signing.cert.pem ]]; then
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$KEYS/esia-signing.key.pem" -out "$KEYS/esia-signing.cert.pem" \
      -days 730 -subj "/CN=ESIA emulator dev" >"$LOGS/credentials.log" 2>&1 \
      || { cat "$LOGS/credentials.log" >&2; ib_die "openssl could not create the emulator's signing key"; }
    ib_say "keys: emulator RSA signing key and certificate written to $KEYS"
  fi
  # The emulator wants PKCS#8 ("BEGIN PRIVATE KEY"); older OpenSSL writes "BEGIN RSA PRIVATE KEY".
  if ! grep -q -- '-----BEGIN PRIVATE KEY-----' "$KEYS/esia-signing.key.pem"; then
    openssl pkcs8 -topk8 -nocrypt -in "$KEYS/esia-signing.key.pem" -out "$KEYS/esia-signing.key.pem.tmp"
    mv "$KEYS/esia-signing.key.pem.tmp" "$KEYS/esia-signing.key.pem"
  fi
  chmod 600 "$KEYS"/*.key.pem
}

json_string() { local s=${1//\\/\\\\}; printf '"%s"' "${s//\"/\\\"}"; }

write_region_file() {
  mkdir -p "$REGIONS"
  local secret_sha256
  secret_sha256=$(printf '%s' "$DEMO_SECRET" | openssl dgst -sha256 -binary | openssl base64 -A)
  cat >"$REGIONS/38.json" <<EOF
// Generated by scripts/run.sh on every run (from the ports); edits are overwritten.
{
  "code": "38", "name": "Иркутская область", "timeZone": "Asia/Irkutsk",
  "policy": { "adultLevels": ["standard", "confirmed"], "passwordSignIn": "forbidden" },
  "esia": {
    "baseUrl": "$EMULATOR_URL", "issuer": "$EMULATOR_URL/", "clientId": "DNEVNIK38",
    "redirectUri": "$BROKER_URL/signin-esia",
    "scopes": ["openid", "fullname", "birthdate", "gender", "snils", "id_doc", "kid_fullname", "kid_birthdate", "kid_snils"],
    "signer": { "kind": "file", "keyPath": $(json_string "$KEYS/esia-client.key.pem"), "certificatePath": $(json_string "$KEYS/esia-client.cert.pem") },
    "trustedCertificates": [$(json_string "$KEYS/esia-signing.cert.pem")]
  },
  "clients": [
    { "clientId": "diary-38-web", "displayName": "Электронный дневник (демо)", "type": "confidential",
      "secretSha256": ["$secret_sha256"],
      "redirectUris": ["$DEMO_URL/signin-callback"], "postLogoutRedirectUris": ["$DEMO_URL/"],
      "allowedScopes": ["openid", "profile", "diary"] }
  ]
}
EOF
  # R-REGION-2: the clients shared by regions (the region list «Выберите регион»)
  cp "$REPO_ROOT/deploy/dev/shared-clients.json" "$REGIONS/shared-clients.json"
}

# ---------------------------------------------------------------- build, database, processes

build() {
  if [[ ${NO_BUILD:-0} -eq 1 ]]; then
    local dll
    for dll in "$SERVER_DLL" "$EMULATOR_DLL" "$DEMO_DLL"; do
      [[ -f $dll ]] || ib_die "--no-build, but $dll does not exist; run without --no-build"
    done
    ib_say "build: skipped (--no-build)"
    return 0
  fi
  local t0=$SECONDS
  ib_say "restore (log: $LOGS/restore.log)"
  ib_dotnet_restore "$LOGS/restore.log"
  ib_say "build: dotnet build IdentityBroker.sln -c Release (log: $LOGS/build.log)"
  ib_dotnet_build "$LOGS/build.log"
  ib_note "restore + build took $(ib_fmt_seconds $((SECONDS - t0)))"
}

broker_env() {
  BROKER_ENV=(
    "ConnectionStrings__Broker=$CONNECTION_STRING"
    "IdentityBroker__Issuer=$BROKER_URL"
    "IdentityBroker__AllowHttpIssuer=true"
    "IdentityBroker__RegionsDirectory=$REGIONS"
    "IdentityBroker__PersonalDataPepper=$PEPPER"
    "IdentityBroker__SigningKeyEncryptionKey=$SIGNING_KEY_ENCRYPTION_KEY"
    "ASPNETCORE_URLS=$BROKER_URL"
    "IdentityBroker__ManagementPort=$MANAGEMENT_PORT"
    "ASPNETCORE_ENVIRONMENT=Development"
  )
}

prepare_database() {
  if ! env "${BROKER_ENV[@]}" dotnet "$SERVER_DLL" migrate >"$LOGS/migrate.log" 2>&1; then
    tail -n 20 "$LOGS/migrate.log" >&2
    ib_die "database migration failed (log: $LOGS/migrate.log)"
  fi
  ib_say "database: migrations applied"
  if ! env "${BROKER_ENV[@]}" dotnet "$SERVER_DLL" import-directory --region 38 --file "$DIRECTORY_FILE" >"$LOGS/import.log" 2>&1; then
    tail -n 20 "$LOGS/import.log" >&2
    ib_die "import of $DIRECTORY_FILE failed (log: $LOGS/import.log)"
  fi
  ib_say "database: diary directory imported — $(grep -m1 '^Region ' "$LOGS/import.log" || echo 'see import.log')"
}

# start_app NAME DLL ENV... : starts `dotnet DLL` in the background with ENV added, logging to .dev/logs/NAME.log.
start_app() {
  local name=$1 dll=$2; shift 2
  local log=$LOGS/$name.log
  : >"$log"
  env "$@" dotnet "$dll" >"$log" 2>&1 </dev/null &
  local pid=$!
  APP_NAMES+=("$name")
  APP_PIDS+=("$pid")
  echo "$name $pid" >>"$PIDS_FILE"
  ib_note "$name started (pid $pid, log: $log)"
}

# wait_ready NAME URL : polls URL until it answers 2xx, the process dies, or the timeout passes.
wait_ready() {
  local name=$1 url=$2 i pid="" log=$LOGS/$1.log
  for i in "${!APP_NAMES[@]}"; do [[ ${APP_NAMES[i]} == "$name" ]] && pid=${APP_PIDS[i]}; done
  local deadline=$((SECONDS + START_TIMEOUT))
  while (( SECONDS < deadline )); do
    if curl -fsS -o /dev/null --max-time 3 "$url" 2>/dev/null; then
      ib_note "$name is ready ($url)"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      local code=0
      wait "$pid" 2>/dev/null || code=$?
      echo >&2
      tail -n 30 "$log" >&2
      ib_die "$name exited (code $code) before it answered $url. Full log: $log"
    fi
    sleep 0.5
  done
  tail -n 30 "$log" >&2
  ib_die "$name did not answer $url within ${START_TIMEOUT} s (IB_START_TIMEOUT). Full log: $log"
}

start_all() {
  local t0=$SECONDS
  start_app esia-emulator "$EMULATOR_DLL" \
    "ASPNETCORE_URLS=$EMULATOR_URL" \
    "ASPNETCORE_ENVIRONMENT=Development" \
    "Emulator__Issuer=$EMULATOR_URL/" \
    "Emulator__SigningKeyPath=$KEYS/esia-signing.key.pem" \
    "Emulator__SigningCertificatePath=$KEYS/esia-signing.cert.pem" \
    "Emulator__Clients__0__ClientId=DNEVNIK38" \
    "Emulator__Clients__0__CertificatePath=$KEYS/esia-client.cert.pem" \
    "Emulator__Clients__0__RedirectUris__0=$BROKER_URL/" \
    "Emulator__Clients__0__SystemName=Электронный дневник — Иркутская область"
  start_app broker "$SERVER_DLL" "${BROKER_ENV[@]}"
  # the emulator has no page at / ; its public certificate answers 200 once it is up
  wait_ready esia-emulator "$EMULATOR_URL/public/esia.cer"
  wait_ready broker "$MANAGEMENT_URL/health/live"
  # the demo client reads the broker's discovery document, so it starts once the broker answers
  start_app demo-client "$DEMO_DLL" \
    "ASPNETCORE_URLS=$DEMO_URL" \
    "ASPNETCORE_ENVIRONMENT=Development" \
    "DemoClient__Authority=$BROKER_URL" \
    "DemoClient__ClientId=diary-38-web" \
    "DemoClient__ClientSecret=$DEMO_SECRET" \
    "DemoClient__PublicUrl=$DEMO_URL" \
    "DemoClient__RequireHttpsMetadata=false"
  wait_ready demo-client "$DEMO_URL/"
  READY_SECONDS=$((SECONDS - t0))
}

banner() {
  cat <<EOF

  ================================================================================
   IdentityBroker is running (ready ${READY_SECONDS}s after start, ${TOTAL_SECONDS}s in total)

   Open  $DEMO_URL  and press "Войти через Госуслуги".
   On the ESIA emulator's login page, pick a test persona:
     confirmed-adult   -> signs in, the diary shows the person
     simplified-adult  -> refused: level_too_low (account not confirmed)
     several-accounts  -> the broker asks which diary account to use (chooser)
     name-differs      -> refused: data_mismatch
     "Отказать" on the access page -> esia_denied

   Region list of a shared client (R-REGION-2; the code then goes to an unreachable loopback URL):
     $BROKER_URL/connect/authorize?client_id=diary-mobile-demo&redirect_uri=http://127.0.0.1/mobile-callback&response_type=code&scope=openid&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256

   Broker        $BROKER_URL   (discovery: $BROKER_URL/.well-known/openid-configuration)
   Management    $MANAGEMENT_URL   (health: /health/live, /health/ready; metrics: /metrics; staff API: /admin/...)
   ESIA emulator $EMULATOR_URL
   Demo diary    $DEMO_URL
   PostgreSQL    ${CONNECTION_STRING}
   Logs          $LOGS/{broker,esia-emulator,demo-client}.log
   Ctrl+C stops everything.
  ================================================================================
EOF
}

# Waits while all three run; if one exits, says which and ends (cleanup stops the rest).
supervise() {
  local i
  while true; do
    for i in "${!APP_PIDS[@]}"; do
      if ! kill -0 "${APP_PIDS[i]}" 2>/dev/null; then
        local code=0
        wait "${APP_PIDS[i]}" 2>/dev/null || code=$?
        tail -n 20 "$LOGS/${APP_NAMES[i]}.log" >&2
        ib_warn "${APP_NAMES[i]} exited unexpectedly (code $code); stopping the rest. Log: $LOGS/${APP_NAMES[i]}.log"
        exit 1
      fi
    done
    sleep 1
  done
}

reset_dev() {
  ib_say "--reset: deleting $DEV"
  local dir
  for dir in "$DEV/pgdata" "$PG_FALLBACK_DIR/pgdata"; do
    if [[ -f $dir/postmaster.pid ]]; then
      PG_BIN=$(ib_pg_bin_dir); PG_DIR=$dir
      if [[ ${EUID:-$(id -u)} -eq 0 ]]; then PG_AS_POSTGRES=1; fi
      if [[ -n $PG_BIN ]]; then pg_tool pg_ctl -D "$dir" -m fast -w stop >/dev/null 2>&1 || true; fi
    fi
  done
  rm -rf "$DEV"
  if [[ -d $PG_FALLBACK_DIR ]]; then rm -rf "$PG_FALLBACK_DIR"; fi
  PG_BIN=""; PG_DIR=""; PG_AS_POSTGRES=0
}

main() {
  local reset=0 arg
  NO_BUILD=0
  for arg in "$@"; do
    case $arg in
      --reset) reset=1 ;;
      --no-build) NO_BUILD=1 ;;
      -h|--help) usage; exit 0 ;;
      *) usage >&2; ib_die "unknown argument: $arg" ;;
    esac
  done
  local t_start=$SECONDS

  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM

  if (( reset )); then reset_dev; fi
  mkdir -p "$DEV" "$LOGS" "$REGIONS"
  chmod 755 "$DEV" "$LOGS"
  stop_leftovers

  check_prerequisites
  check_port "$BROKER_PORT" "broker" IB_BROKER_PORT
  check_port "$EMULATOR_PORT" "ESIA emulator" IB_EMULATOR_PORT
  check_port "$DEMO_PORT" "demo client" IB_DEMO_PORT

  build
  setup_postgres
  ensure_secrets
  ensure_credentials
  write_region_file
  broker_env
  prepare_database
  start_all
  TOTAL_SECONDS=$((SECONDS - t_start))
  banner
  supervise
}

main "$@"
