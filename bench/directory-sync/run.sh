#!/usr/bin/env bash
# bench/directory-sync/run.sh — directory sync API throughput (issue #13): a diary back-end PUTs batches of 10,000 rows
# (JSON Lines, the import's format) to a broker process on loopback over HTTP, one after another, and the script prints
# rows/s for three passes: new accounts, the same rows again (nothing changes), every row changed.
# A script that prints numbers, not a test. Results: docs/benchmarks.md, "Directory sync API".
set -euo pipefail

ROWS=100000            # accounts pushed per pass
BATCH=10000            # rows per batch (the API's default limit)
BUILD=1
WORKTREE_BUILD=0
SMOKE=0
KEEP=0
usage() { sed -n '2,5p' "$0"; cat <<U
usage: bench/directory-sync/run.sh [--rows N] [--batch N] [--no-build | --worktree-build] [--smoke] [--keep]
  --smoke: the three passes with 300 rows in batches of 100, in seconds; fails (exit 1) when a batch is not applied or a
           pass's answers do not add up (every row inserted / unchanged / updated). CI runs it (scripts/test.sh, "bench").
  --worktree-build: no server publish; use this checkout's Release build (src/IdentityBroker.Server/bin/Release/net10.0,
           from `dotnet build IdentityBroker.sln -c Release`); only the generator (bench/directory) is built
  env IB_SYNCBENCH_DIR (default /tmp/ib-syncbench): build output, batches, the throwaway cluster (removed unless --keep)
U
}
while (($#)); do
  case $1 in
    --rows) ROWS=$2; shift 2 ;;
    --batch) BATCH=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --worktree-build) WORKTREE_BUILD=1; shift ;;
    --smoke) SMOKE=1; ROWS=300; BATCH=100; shift ;;
    --keep) KEEP=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done

REPO=$(cd "$(dirname "$0")/../.." && pwd)
DIR=${IB_SYNCBENCH_DIR:-/tmp/ib-syncbench}
RUN=$DIR/run
SERVER_DLL=$DIR/server/IdentityBroker.Server.dll
GEN_DLL=$DIR/dirbench/DirBench.dll
say() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
PG_STARTED=0
BROKER_PID=
cleanup() {
  if [[ -n $BROKER_PID ]]; then kill "$BROKER_PID" 2>/dev/null || true; wait "$BROKER_PID" 2>/dev/null || true; fi
  if ((PG_STARTED)); then pg_as pg_ctl -D "$RUN/pg/data" -m fast -w -t 60 stop >/dev/null 2>&1 || true; fi
  if ((KEEP == 0)); then rm -rf "$RUN"; fi
}
trap cleanup EXIT

# ------------------------------------------------------------------ build: the server, and bench/directory's generator
# shellcheck source=bench/directory/build.sh
source "$REPO/bench/directory/build.sh"
dirbench_build
COMMIT=$(cat "$DIR/commit" 2>/dev/null || echo unknown)

# ------------------------------------------------------------------ throwaway PostgreSQL, loopback only, fsync on
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
pg_as() {
  local tool=$1; shift
  if [[ ${EUID:-$(id -u)} -eq 0 ]]; then su postgres -s /bin/sh -c 'exec "$0" "$@"' -- "$PG_BIN/$tool" "$@"; else "$PG_BIN/$tool" "$@"; fi
}
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
rm -rf "$RUN"; mkdir -p "$RUN/pg" "$RUN/logs" "$RUN/batches"; chmod 755 "$DIR" "$RUN" "$RUN/pg"
[[ ${EUID:-$(id -u)} -ne 0 ]] || chown postgres:postgres "$RUN/pg"
PG_PORT=$(free_port)
pg_as initdb -D "$RUN/pg/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$RUN/logs/initdb.log" 2>&1 || die "initdb failed"
pg_as pg_ctl -D "$RUN/pg/data" -l "$RUN/pg/postgres.log" -w -t 120 \
  -o "-p $PG_PORT -k $RUN/pg -c listen_addresses=127.0.0.1 -c fsync=on -c synchronous_commit=on -c max_wal_size=4GB" start >/dev/null \
  || die "PostgreSQL did not start"
PG_STARTED=1
PSQL=("$PG_BIN/psql" -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1)
PG_VERSION=$("${PSQL[@]}" -d postgres -tAc "SHOW server_version")
"${PSQL[@]}" -d postgres -c "CREATE DATABASE broker" >/dev/null

# ------------------------------------------------------------------ the broker: region 38 with a diary back-end client
SECRET=$(openssl rand -hex 24)
SECRET_SHA=$(printf %s "$SECRET" | openssl dgst -sha256 -binary | openssl base64 -A)
mkdir -p "$RUN/keys" "$RUN/regions"
dotnet "$SERVER_DLL" esia-dev-credentials --out "$RUN/keys" >"$RUN/logs/credentials.log" 2>&1 || die "esia-dev-credentials failed"
cat >"$RUN/regions/38.json" <<JSON
{ "code": "38", "name": "Иркутская область", "timeZone": "Asia/Irkutsk",
  "policy": { "adultLevels": ["standard", "confirmed"], "passwordSignIn": "forbidden" },
  "esia": { "baseUrl": "http://127.0.0.1:9", "issuer": "http://127.0.0.1:9/", "clientId": "DNEVNIK38",
    "redirectUri": "http://127.0.0.1:9/signin-esia", "scopes": ["openid", "fullname", "birthdate", "gender", "snils"],
    "signer": { "kind": "file", "keyPath": "$RUN/keys/esia-client.key.pem", "certificatePath": "$RUN/keys/esia-client.cert.pem" },
    "trustedCertificates": ["$RUN/keys/esia-client.cert.pem"] },
  "clients": [ { "clientId": "diary-38-backend", "type": "confidential", "grantTypes": ["client_credentials"],
    "secretSha256": ["$SECRET_SHA"], "allowedScopes": ["openid", "directory"] } ] }
JSON
PORT=$(free_port)
URL=http://127.0.0.1:$PORT
MANAGEMENT_PORT=$(free_port)
MANAGEMENT_URL=http://127.0.0.1:$MANAGEMENT_PORT   # health and /admin answer only here (404 on the public port)
env "ConnectionStrings__Broker=Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=broker" \
  "IdentityBroker__PersonalDataPepper=$(openssl rand -base64 32)" "IdentityBroker__SigningKeyEncryptionKey=$(openssl rand -base64 32)" \
  "IdentityBroker__Issuer=$URL" IdentityBroker__AllowHttpIssuer=true "IdentityBroker__ManagementPort=$MANAGEMENT_PORT" "IdentityBroker__RegionsDirectory=$RUN/regions" \
  IdentityBroker__MigrateOnStart=true "IdentityBroker__DirectorySync__MaxBatchRows=$BATCH" \
  ASPNETCORE_ENVIRONMENT=Production "ASPNETCORE_URLS=$URL" Logging__LogLevel__Default=Warning \
  dotnet "$SERVER_DLL" >"$RUN/logs/broker.log" 2>&1 &
BROKER_PID=$!
for _ in $(seq 1 120); do
  curl -fs "$MANAGEMENT_URL/health/ready" >/dev/null 2>&1 && break
  kill -0 "$BROKER_PID" 2>/dev/null || break
  sleep 0.5
done
curl -fs "$MANAGEMENT_URL/health/ready" >/dev/null || { tail -n 30 "$RUN/logs/broker.log" >&2; die "the broker did not become ready"; }
token() {
  curl -fs -u "diary-38-backend:$SECRET" -d grant_type=client_credentials -d scope=directory "$URL/connect/token" \
    | python3 -c 'import json,sys;print(json.load(sys.stdin)["access_token"])'
}

# ------------------------------------------------------------------ batches: generated accounts, split by BATCH rows
say "commit $COMMIT, PostgreSQL $PG_VERSION (fsync on), $(nproc) cores; generating $ROWS accounts"
dotnet "$GEN_DLL" gen --rows "$ROWS" --out "$RUN/all.jsonl" >"$RUN/logs/gen.log" 2>&1 || die "generator failed"
split -l "$BATCH" -d -a 4 "$RUN/all.jsonl" "$RUN/batches/new-"
# the "changed" pass: every row's first name gets a suffix, so every account is an UPDATE
python3 - "$RUN/all.jsonl" "$RUN/changed.jsonl" <<'PY'
import json, sys
with open(sys.argv[1], encoding="utf-8") as src, open(sys.argv[2], "w", encoding="utf-8") as dst:
    for line in src:
        row = json.loads(line); row["firstName"] = row["firstName"] + "-и"; dst.write(json.dumps(row, ensure_ascii=False) + "\n")
PY
split -l "$BATCH" -d -a 4 "$RUN/changed.jsonl" "$RUN/batches/changed-"
rm -f "$RUN/all.jsonl" "$RUN/changed.jsonl"

push_pass() { # $1 = label, $2 = batch file prefix; one PUT after another, wall time per batch from curl
  local label=$1 prefix=$2 total=0 n=0 times=() status
  local tok; tok=$(token) || { tail -n 20 "$RUN/logs/broker.log" >&2; die "no access token from $URL/connect/token (client_credentials, scope directory)"; }
  : >"$RUN/answers-$label.jsonl"
  say "pass '$label' (load $(load))"
  local t0; t0=$(date +%s.%N)
  for f in "$RUN/batches/$prefix"-*; do
    status=$(curl -s -o "$RUN/last.json" -w '%{http_code} %{time_total}' -X PUT -H "Authorization: Bearer $tok" \
      -H 'Content-Type: application/x-ndjson' --data-binary "@$f" "$MANAGEMENT_URL/admin/directory/38/batches/$label-$(basename "$f")")
    [[ ${status%% *} == 200 ]] || { cat "$RUN/last.json" >&2; die "batch $f: HTTP ${status%% *}"; }
    times+=("${status##* }")
    { cat "$RUN/last.json"; echo; } >>"$RUN/answers-$label.jsonl"
    n=$((n + $(wc -l <"$f")))
  done
  local t1; t1=$(date +%s.%N)
  python3 - "$label" "$n" "$t0" "$t1" "$(load)" "${times[@]}" <<'PY'
import sys, statistics
label, rows, t0, t1, load = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
times = sorted(float(t) for t in sys.argv[6:])
wall = t1 - t0
print(f"{label:10} {rows:>8,} rows in {len(times):>3} batches: {rows / wall:>8,.0f} rows/s; per batch median {statistics.median(times):.2f} s, max {times[-1]:.2f} s; load {load}")
PY
  if ((SMOKE)); then # the answers add up: every row of the pass was inserted / unchanged / updated, none rejected
    python3 - "$label" "$n" "$RUN/answers-$label.jsonl" <<'PY' || die "smoke: pass '$label': the answers do not add up ($RUN/answers-$label.jsonl)"
import json, sys
label, rows = sys.argv[1], int(sys.argv[2])
answers = [json.loads(l) for l in open(sys.argv[3]) if l.strip()]
bad = [a for a in answers if a.get("status") != "applied" or a["batch"]["rejected"]]
got = sum(a["batch"][label] for a in answers if a.get("status") == "applied")
if bad or got != rows or rows == 0:
    print(f"smoke: {label}: {got} of {rows} rows {label}, {len(bad)} batches not applied or with rejected rows", file=sys.stderr)
    sys.exit(1)
PY
  fi
}
echo
echo "directory sync API benchmark — commit $COMMIT, PostgreSQL $PG_VERSION (fsync on), $(nproc) cores, batches of $BATCH rows, $(date -u '+%Y-%m-%d %H:%M UTC')"
push_pass inserted new
push_pass unchanged new
push_pass updated changed
((SMOKE == 0)) || echo "directory sync smoke: 3 passes ok"
