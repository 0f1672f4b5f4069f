# shellcheck shell=bash
# Shared helpers for scripts/run.sh and scripts/test.sh. Source it; do not run it.
# Expects the caller to have `set -euo pipefail` and REPO_ROOT set to the repository root.

# ---------------------------------------------------------------- messages

ib_say()  { printf '==> %s\n' "$*"; }
ib_note() { printf '    %s\n' "$*"; }
ib_warn() { printf 'warning: %s\n' "$*" >&2; }
ib_die()  { printf 'error: %s\n' "$*" >&2; exit 1; }

# Makes an unexpected failure (set -e) say where it happened instead of exiting silently.
ib_trap_errors() {
  set -E
  trap 'printf "error: %s line %s: command failed (exit %s): %s\n" "${BASH_SOURCE[0]##*/}" "$LINENO" "$?" "$BASH_COMMAND" >&2' ERR
}

# ib_fmt_seconds 75 -> "1m15s"
ib_fmt_seconds() {
  local s=$1
  if (( s >= 60 )); then printf '%dm%02ds' $((s / 60)) $((s % 60)); else printf '%ds' "$s"; fi
}

# ---------------------------------------------------------------- root, apt

# Runs a command as root: directly when we are root, through sudo when it is there, otherwise fails with the command.
ib_as_root() {
  if [[ ${EUID:-$(id -u)} -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    ib_die "root is needed to run: $*  (run this script as root, or install sudo, or run that command yourself first)"
  fi
}

IB_APT_UPDATED=${IB_APT_UPDATED:-0}
IB_APT_LOG=${IB_APT_LOG:-/dev/null}

# ib_apt_install LABEL PACKAGE... : installs the packages quietly (apt-get update once per script run).
# Prints one line; on failure prints the tail of the apt log.
ib_apt_install() {
  local label=$1; shift
  command -v apt-get >/dev/null 2>&1 \
    || ib_die "$label is missing and apt-get is not available: install the packages '$*' with your package manager."
  if [[ ${EUID:-$(id -u)} -ne 0 ]] && ! command -v sudo >/dev/null 2>&1; then
    ib_die "$label is missing, and installing it needs root: run  apt-get update && apt-get install -y $*  as root (or install sudo), then rerun."
  fi
  local started=$SECONDS
  printf '==> installing %s (apt-get install -y %s) ... ' "$label" "$*"
  if [[ $IB_APT_UPDATED -eq 0 ]]; then
    if ! ib_as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >>"$IB_APT_LOG" 2>&1; then
      printf 'failed\n'
      [[ $IB_APT_LOG != /dev/null ]] && tail -n 20 "$IB_APT_LOG" >&2
      ib_die "apt-get update failed (log: $IB_APT_LOG)"
    fi
    IB_APT_UPDATED=1
  fi
  if ! ib_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >>"$IB_APT_LOG" 2>&1; then
    printf 'failed\n'
    [[ $IB_APT_LOG != /dev/null ]] && tail -n 20 "$IB_APT_LOG" >&2
    ib_die "apt-get install $* failed (log: $IB_APT_LOG)"
  fi
  printf 'done (%s)\n' "$(ib_fmt_seconds $((SECONDS - started)))"
}

# ib_ensure_command COMMAND PACKAGE : installs PACKAGE when COMMAND is not on PATH.
ib_ensure_command() {
  local cmd=$1 pkg=$2
  if command -v "$cmd" >/dev/null 2>&1; then
    ib_say "$cmd: present"
  else
    ib_apt_install "$cmd" "$pkg"
  fi
}

ib_require_dotnet() {
  command -v dotnet >/dev/null 2>&1 || ib_die "the .NET SDK is not installed (dotnet not on PATH).
  Install the .NET 10 SDK: https://learn.microsoft.com/dotnet/core/install/linux-debian
  e.g.  curl -sSL https://dot.net/v1/dotnet-install.sh | bash -s -- --channel 10.0 && export PATH=\$HOME/.dotnet:\$PATH"
  local v
  v=$(dotnet --version 2>/dev/null || true)
  [[ $v == 10.* || $v == 1[1-9].* ]] || ib_die "the .NET SDK found is '${v:-unknown}'; this repository needs the .NET 10 SDK (global.json). https://learn.microsoft.com/dotnet/core/install/linux-debian"
}

# ---------------------------------------------------------------- PostgreSQL binaries

# Prints the newest /usr/lib/postgresql/*/bin that has initdb (numeric version order), or nothing.
ib_pg_bin_dir() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    if [[ -x $d/initdb ]]; then printf '%s\n' "$d"; fi
  done | sort -t/ -k4,4n | tail -n 1
}

# Installs the distribution's postgresql package when no initdb is found.
ib_ensure_postgres_binaries() {
  if [[ -n $(ib_pg_bin_dir) ]]; then
    ib_say "postgresql: present ($(ib_pg_bin_dir))"
  else
    ib_apt_install "postgresql" postgresql
    [[ -n $(ib_pg_bin_dir) ]] || ib_die "postgresql was installed but no /usr/lib/postgresql/*/bin/initdb was found"
  fi
}

# ---------------------------------------------------------------- dotnet

# ib_dotnet_restore LOG : dotnet restore of the solution with a retry loop (the package mirror can stall once).
ib_dotnet_restore() {
  local log=$1 i
  : >"$log"
  for i in 1 2 3; do
    if dotnet restore IdentityBroker.sln -nologo >>"$log" 2>&1; then
      return 0
    fi
    if (( i < 3 )); then
      ib_warn "dotnet restore failed (attempt $i of 3), retrying in 5 s (log: $log)"
      sleep 5
    fi
  done
  grep -E ': (error|warning) NU' "$log" | sort -u | tail -n 20 >&2 || tail -n 20 "$log" >&2
  ib_die "dotnet restore failed 3 times (log: $log)"
}

# ib_dotnet_build LOG : Release build of the solution without restore; prints only errors on failure.
ib_dotnet_build() {
  local log=$1
  if ! dotnet build IdentityBroker.sln -c Release --no-restore -nologo >"$log" 2>&1; then
    grep -E ': error ' "$log" | sort -u | head -n 30 >&2 || true
    tail -n 5 "$log" >&2
    ib_die "dotnet build failed (full log: $log)"
  fi
  local warnings
  warnings=$( { grep -E ': warning ' "$log" || true; } | sort -u | wc -l)
  ib_note "build ok (${warnings// /} distinct warnings; log: $log)"
}
