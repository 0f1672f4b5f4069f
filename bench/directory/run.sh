#!/usr/bin/env bash
# bench/directory/run.sh — diary directory benchmark (issue #5): generate a region directory, import it with the
# product's importer (streaming binary COPY + set-based merge; all rows, then the same file again), then measure the
# matching lookups.
# A script that prints numbers, not a test. See bench/directory/README.md.
set -euo pipefail

ROWS=10000000          # accounts in the generated directory (COPY path, lookups)
SLICE=0                # accounts given to the previous session's prototype COPY path, for comparison (0 = skip)
REIMPORT=1             # import the same file a second time (the "nothing changed" path)
SECOND_REGION=1        # at the end: the same file as region 39, a first load into a directory that already holds region 38
LOOKUPS=20000          # lookups per kind and concurrency
CLIENTS="1 16"
BIG_BUFFERS=1GB        # second lookup run with this shared_buffers ("" = skip)
BUILD=1
WORKTREE_BUILD=0
SMOKE=0
KEEP=0
usage() { sed -n '2,4p' "$0"; cat <<U
usage: bench/directory/run.sh [--rows N] [--slice N] [--no-reimport] [--no-second-region] [--lookups N] [--clients "1 16"] [--big-buffers 1GB|""] [--no-build | --worktree-build] [--smoke] [--keep]
  --smoke: every phase with tiny counts (2,000 accounts, 50 lookups per kind, the prototype on 500), in seconds; fails
           (exit 1) when a phase leaves no numbers or a lookup finds nothing. CI runs it (scripts/test.sh, phase "bench").
  --worktree-build: no server publish; use this checkout's Release build (src/IdentityBroker.Server/bin/Release/net10.0,
           from `dotnet build IdentityBroker.sln -c Release`); only DirBench is built (incremental, own obj/bin in the dir)
  env IB_DIRBENCH_DIR (default /tmp/ib-dirbench): build output, generated files, the throwaway cluster (removed at the end unless --keep)
U
}
while (($#)); do
  case $1 in
    --rows) ROWS=$2; shift 2 ;;
    --slice) SLICE=$2; shift 2 ;;
    --no-reimport) REIMPORT=0; shift ;;
    --no-second-region) SECOND_REGION=0; shift ;;
    --lookups) LOOKUPS=$2; shift 2 ;;
    --clients) CLIENTS=$2; shift 2 ;;
    --big-buffers) BIG_BUFFERS=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --worktree-build) WORKTREE_BUILD=1; shift ;;
    --smoke) SMOKE=1; ROWS=2000; SLICE=500; LOOKUPS=50; CLIENTS="1 4"; BIG_BUFFERS=32MB; shift ;;
    --keep) KEEP=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done
((SLICE <= ROWS)) || SLICE=$ROWS

REPO=$(cd "$(dirname "$0")/../.." && pwd)
DIR=${IB_DIRBENCH_DIR:-/tmp/ib-dirbench}
RUN=$DIR/run
SERVER_DLL=$DIR/server/IdentityBroker.Server.dll
BENCH_DLL=$DIR/dirbench/DirBench.dll
say() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
PG_STARTED=0
cleanup() {
  if ((PG_STARTED)); then pg_as pg_ctl -D "$RUN/pg/data" -m fast -w -t 60 stop >/dev/null 2>&1 || true; fi
  if ((KEEP == 0)); then rm -rf "$RUN"; fi
}
trap cleanup EXIT

# ------------------------------------------------------------------ build (HEAD of this checkout, Release)
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
rm -rf "$RUN"; mkdir -p "$RUN/pg" "$RUN/logs"; chmod 755 "$DIR" "$RUN" "$RUN/pg"
[[ ${EUID:-$(id -u)} -ne 0 ]] || chown postgres:postgres "$RUN/pg"
PG_PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
pg_as initdb -D "$RUN/pg/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$RUN/logs/initdb.log" 2>&1 || die "initdb failed"
PG_OPTS="-p $PG_PORT -k $RUN/pg -c listen_addresses=127.0.0.1 -c fsync=on -c synchronous_commit=on -c max_connections=60"
PG_OPTS+=" -c shared_preload_libraries=pg_stat_statements -c max_wal_size=4GB"
pg_start() { pg_as pg_ctl -D "$RUN/pg/data" -l "$RUN/pg/postgres.log" -w -t 120 -o "$PG_OPTS $*" start >/dev/null || die "PostgreSQL did not start"; PG_STARTED=1; }
pg_cpu() { # CPU ticks of the postmaster and its exited children (backends are reaped into cutime/cstime)
  awk '{print $14+$15+$16+$17}' "/proc/$(head -n1 "$RUN/pg/data/postmaster.pid")/stat"
}
pg_stop() { pg_as pg_ctl -D "$RUN/pg/data" -m fast -w -t 120 stop >/dev/null; PG_STARTED=0; }
pg_start
PSQL=("$PG_BIN/psql" -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1)
PG_VERSION=$("${PSQL[@]}" -d postgres -tAc "SHOW server_version")
CS="Host=127.0.0.1;Port=$PG_PORT;Username=postgres"
PEPPER=$(openssl rand -base64 32)
broker() { # broker verb against database $1
  local db=$1; shift
  env "ConnectionStrings__Broker=$CS;Database=$db" "IdentityBroker__PersonalDataPepper=$PEPPER" \
    "IdentityBroker__SigningKeyEncryptionKey=$(openssl rand -base64 32)" "IdentityBroker__Issuer=http://127.0.0.1:9" \
    "IdentityBroker__AllowHttpIssuer=true" "IdentityBroker__RegionsDirectory=$RUN/regions" \
    ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning Logging__LogLevel__IdentityBroker.Store.Directory=Debug \
    dotnet "$SERVER_DLL" "$@"
}
# a region file (the CLI validates the region configuration before any verb); its ESIA part is never contacted
mkdir -p "$RUN/keys" "$RUN/regions"
dotnet "$SERVER_DLL" esia-dev-credentials --out "$RUN/keys" >"$RUN/logs/credentials.log" 2>&1 || die "esia-dev-credentials failed"
cat >"$RUN/regions/38.json" <<JSON
{ "code": "38", "name": "Иркутская область", "timeZone": "Asia/Irkutsk",
  "policy": { "adultLevels": ["standard", "confirmed"], "passwordSignIn": "forbidden" },
  "esia": { "baseUrl": "http://127.0.0.1:9", "issuer": "http://127.0.0.1:9/", "clientId": "DNEVNIK38",
    "redirectUri": "http://127.0.0.1:9/signin-esia", "scopes": ["openid", "fullname", "birthdate", "gender", "snils"],
    "signer": { "kind": "file", "keyPath": "$RUN/keys/esia-client.key.pem", "certificatePath": "$RUN/keys/esia-client.cert.pem" },
    "trustedCertificates": ["$RUN/keys/esia-client.cert.pem"] },
  "clients": [ { "clientId": "dirbench", "displayName": "unused", "type": "confidential",
    "secretSha256": ["$(openssl rand 32 | openssl base64 -A)"], "redirectUris": ["http://127.0.0.1:9/cb"],
    "allowedScopes": ["openid"], "grantTypes": ["authorization_code"] } ] }
JSON
# region 39: the same file again as another region, loaded last (the first load of a region into a non-empty directory)
sed -e 's/"code": "38"/"code": "39"/' -e 's/DNEVNIK38/DNEVNIK39/' -e 's/"clientId": "dirbench"/"clientId": "dirbench39"/' \
  "$RUN/regions/38.json" >"$RUN/regions/39.json"
RESULTS=$RUN/results.txt; : >"$RESULTS"
row() { printf '%s\n' "$*" | tee -a "$RESULTS" >&2; }
say "commit $COMMIT, PostgreSQL $PG_VERSION on 127.0.0.1:$PG_PORT, fsync=on, $(nproc) cores, load $(load)"

# ------------------------------------------------------------------ generate
FILE=$RUN/directory-38.jsonl
say "generating $ROWS accounts"
dotnet "$BENCH_DLL" gen --rows "$ROWS" --out "$FILE" 2>&1 | tee -a "$RESULTS" >&2
row "file: $(du -h "$FILE" | cut -f1)"

# ------------------------------------------------------------------ (a) the product's importer, all rows
"${PSQL[@]}" -d postgres -c "CREATE DATABASE broker" >/dev/null
"${PSQL[@]}" -d broker -c "CREATE EXTENSION pg_stat_statements" >/dev/null
broker broker migrate >"$RUN/logs/migrate.log" 2>&1 || { tail "$RUN/logs/migrate.log" >&2; die "migrate failed"; }
import_run() { # $1 = label, $2 = region (38); the product's import-directory, wall time of the process, the importer's phase log
  local region=${2:-38} t0 t1
  say "(a) import-directory, $ROWS accounts, region $region, $1 (load $(load))"
  local pg0 pg1 cpu
  pg0=$(pg_cpu)
  t0=$(date +%s.%N)
  # `times` in a subshell: the user and system CPU of that subshell's children, i.e. the broker process (all threads)
  (broker broker import-directory --region "$region" --file "$FILE" --format jsonl >"$RUN/logs/import-$1.log" 2>&1 && times >"$RUN/logs/time-$1") \
    || { tail "$RUN/logs/import-$1.log" >&2; die "import-directory failed"; }
  t1=$(date +%s.%N)
  sleep 1; pg1=$(pg_cpu) # the import's backend (and its parallel index workers) exited and were reaped by the postmaster
  row "$(python3 -c "s=$t1-$t0;print(f'(a) import-directory {\"$1\"}: {$ROWS:,} accounts in {s:.1f} s = {$ROWS/s:,.0f} accounts/s (process wall time incl. ~1 s start-up), load $(load)')")"
  row "    $(grep -v '^ *rejected line' "$RUN/logs/import-$1.log" | grep -o "Region $region:.*\\|staged in.*" | tr '\n' ' ')"
  # CPU seconds do not depend on how many other processes share the cores (wall time on this shared box does)
  read -r cu cs < <(tail -n1 "$RUN/logs/time-$1" | sed -E 's/([0-9]+)m([0-9.]+)s/(\1*60+\2)/g')
  row "    $(python3 -c "c=$cu+$cs;d=($pg1-$pg0)/$(getconf CLK_TCK);print(f'CPU: client {c:.1f} s (user+sys, all threads), PostgreSQL backends {d:.1f} s (the import backend and its parallel workers; WAL writer and checkpointer not counted); {$ROWS/(c+d):,.0f} accounts per CPU-second, ceiling on 2 idle cores {$ROWS*2/(c+d):,.0f}/s')")"
  # the verb's report (stdout) and the importer's phase log (stderr, Debug) are what the row quotes: both must be there
  grep -q "Region $region: [0-9]* inserted" "$RUN/logs/import-$1.log" && grep -q 'staged in' "$RUN/logs/import-$1.log" \
    || { tail -n 20 "$RUN/logs/import-$1.log" >&2; die "import-directory printed no report or no phase log ($RUN/logs/import-$1.log)"; }
}
import_run "first load, empty directory"
((REIMPORT)) && import_run "same file again"
if ((SLICE > 0)); then
  # the previous session's prototype (bench-only staging table, INSERT … ON CONFLICT), for comparison
  "${PSQL[@]}" -d postgres -c "CREATE DATABASE proto" >/dev/null
  broker proto migrate >"$RUN/logs/migrate-proto.log" 2>&1 || die "migrate failed"
  head -n "$SLICE" "$FILE" >"$RUN/slice.jsonl"
  row "(b) prototype COPY, $SLICE accounts: $(dotnet "$BENCH_DLL" copy --file "$RUN/slice.jsonl" --cs "$CS;Database=proto" --pepper "$PEPPER" --region 38), load $(load)"
  "${PSQL[@]}" -d postgres -c "DROP DATABASE proto" >/dev/null
  rm -f "$RUN/slice.jsonl"
fi
((SECOND_REGION)) || rm -f "$FILE"
t0=$(date +%s.%N); "${PSQL[@]}" -d broker -c "VACUUM (ANALYZE) broker.diary_accounts, broker.diary_relations" >/dev/null; t1=$(date +%s.%N)
row "$(python3 -c "print(f'VACUUM (ANALYZE) after the load: {$t1-$t0:.1f} s')")"
row "sizes:"; dotnet "$BENCH_DLL" sizes --cs "$CS;Database=broker" | tee -a "$RESULTS" >&2

# ------------------------------------------------------------------ lookups
lookups() { # $1 = label
  for c in $CLIENTS; do
    say "lookups, $1, $c client(s) (load $(load))"
    dotnet "$BENCH_DLL" lookup --cs "$CS;Database=broker" --n "$LOOKUPS" --clients "$c" --label "$1" >"$RUN/lookup.jsonl"
    while read -r l; do row "$l, load $(load)"; done <"$RUN/lookup.jsonl"
  done
}
row "EXPLAIN (ANALYZE, BUFFERS), shared_buffers=$("${PSQL[@]}" -d broker -tAc "SHOW shared_buffers"):"
dotnet "$BENCH_DLL" explain --cs "$CS;Database=broker" | tee -a "$RESULTS" >&2
lookups "shared_buffers=$("${PSQL[@]}" -d broker -tAc "SHOW shared_buffers")"
if [[ -n $BIG_BUFFERS ]]; then
  pg_stop; pg_start -c "shared_buffers=$BIG_BUFFERS"
  lookups "shared_buffers=$BIG_BUFFERS"
fi
if ((SECOND_REGION)); then # last, so the lookups above ran against one region of $ROWS accounts
  import_run "first load of region 39, directory holding region 38" 39
  rm -f "$FILE"
fi

# ------------------------------------------------------------------ table
echo
echo "diary directory benchmark — commit $COMMIT, PostgreSQL $PG_VERSION (fsync on), $ROWS accounts, $(nproc) cores, $(date -u '+%Y-%m-%d %H:%M UTC')"
grep -v '^{' "$RESULTS" | grep -v '^---' || true
python3 - "$RESULTS" "$ROWS" <<'PY'
import json, re, sys
text = open(sys.argv[1]).read().splitlines()
n = int(sys.argv[2])
rows = [json.loads(l.split(", load")[0]) | {"load": l.split(", load ")[1].strip()} for l in text if l.startswith('{"label"')]
print(f"{'shared_buffers / kind':32} {'clients':>7} {'lookups/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8} {'rows avg/max':>13}  load")
for r in rows:
    print(f"{r['label'] + ' ' + r['kind']:32} {r['clients']:>7} {r['perSecond']:>9} {r['p50']:>8} {r['p95']:>8} {r['p99']:>8} {r['max']:>8} {str(r['avgAccounts']) + '/' + str(r['maxAccounts']):>13}  {r['load']}")
# issue #11 targets: import >= 100k accounts/s at 1M rows; SNILS and name + birth date lookups p99 < 2 ms at 10M accounts
print()
scale = "" if n == 1_000_000 else f" (target defined at 1,000,000 rows; measured at {n:,})"
for l in text:
    m = re.match(r'\(a\) import-directory (.*): [\d,]+ accounts in .* = ([\d,]+) accounts/s', l)
    if m:
        rate = int(m.group(2).replace(",", ""))
        print(f"target import >= 100,000 accounts/s: {'met' if rate >= 100_000 and n >= 1_000_000 else 'not met'} — {m.group(1)}: {rate:,}/s{scale}")
scale = "" if n >= 10_000_000 else f" (target defined at 10,000,000 accounts; measured at {n:,})"
for kind in ("snils", "name+birthdate"):
    for r in [r for r in rows if r["kind"] == kind and r["clients"] == 1]:
        print(f"target {kind} p99 < 2 ms: {'met' if r['p99'] < 2 and n >= 10_000_000 else 'not met'} — {r['label']}, 1 client: p50 {r['p50']} ms, p99 {r['p99']} ms{scale}, load {r['load']}")
PY
if ((SMOKE)); then # every phase left its numbers: imports, prototype, lookups of each kind (each lookup found its row)
  python3 - "$RESULTS" "$CLIENTS" "$REIMPORT" "$SLICE" "$BIG_BUFFERS" "$SECOND_REGION" <<'PY' || die "smoke: a phase left no numbers ($RESULTS)"
import json, sys
text = open(sys.argv[1]).read().splitlines()
clients, reimport, sl, big, second = sys.argv[2].split(), sys.argv[3] == "1", int(sys.argv[4]), sys.argv[5], sys.argv[6] == "1"
rows = [json.loads(l.split(", load")[0]) for l in text if l.startswith('{"label"')]
want = 6 * len(clients) * (2 if big else 1)
problems = []
imports = [l for l in text if l.startswith("(a) import-directory")]
if len(imports) != 1 + reimport + second: problems.append(f"{len(imports)} import rows")
if sl and not any(l.startswith("(b) prototype COPY") and '"accountsPerSecond"' in l for l in text): problems.append("no prototype COPY row")
if len(rows) != want: problems.append(f"{len(rows)} of {want} lookup rows")
problems += [f"{r['label']} {r['kind']} x{r['clients']}: {r['lookups']} lookups, {r['avgAccounts']} accounts avg" for r in rows if r["lookups"] == 0 or r["avgAccounts"] < 1]
for p in problems: print(f"smoke: {p}", file=sys.stderr)
if problems: sys.exit(1)
print(f"directory smoke: {len(imports)} imports, {len(rows)} lookup rows ok")
PY
fi
