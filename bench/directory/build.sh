# Sourced by bench/directory/run.sh and bench/directory-sync/run.sh: the one way both get the server and DirBench (the
# directory generator and benchmark). Uses REPO, DIR, WORKTREE_BUILD, BUILD, say and die of the caller; sets SERVER_DLL
# (and leaves DirBench at $DIR/dirbench/DirBench.dll) and writes the label of what was built to $DIR/commit.
#   --worktree-build: the checkout's Release build of the server; DirBench is rebuilt against it only when stale.
#   default: publishes the server and DirBench from the checkout into $DIR.
dirbench_build() {
  local dirbench_dll=$DIR/dirbench/DirBench.dll
  if ((WORKTREE_BUILD)); then
    SERVER_DLL=$REPO/src/IdentityBroker.Server/bin/Release/net10.0/IdentityBroker.Server.dll
    [[ -f $SERVER_DLL ]] || die "--worktree-build: no Release build in $REPO/src (run dotnet build IdentityBroker.sln -c Release)"
    mkdir -p "$DIR"
    if [[ -f $dirbench_dll && $dirbench_dll -nt $REPO/bench/directory/Program.cs && $dirbench_dll -nt $REPO/bench/directory/DirBench.csproj \
          && $dirbench_dll -nt $(dirname "$SERVER_DLL")/IdentityBroker.Core.dll ]]; then
      say "bench/directory: up to date in $DIR/dirbench"
    else
      say "building bench/directory against $(dirname "$SERVER_DLL") (flock /tmp/ib-dotnet.lock)"
      (cd "$REPO" && flock /tmp/ib-dotnet.lock dotnet publish bench/directory/DirBench.csproj -c Release -o "$DIR/dirbench" -p:ServerDir="$(dirname "$SERVER_DLL")" \
           -p:BaseIntermediateOutputPath="$DIR/obj/" -p:BaseOutputPath="$DIR/bin/" -nologo >"$DIR/publish-dirbench.log" 2>&1) \
        || { tail -n 20 "$DIR/publish-dirbench.log" >&2; die "build of bench/directory failed"; }
      touch "$dirbench_dll" # the next smoke skips the build while nothing it depends on changed
    fi
    echo "$(git -C "$REPO" rev-parse --short HEAD) worktree" >"$DIR/commit"
  elif ((BUILD)); then
    mkdir -p "$DIR"
    say "publishing the server and bench/directory (flock /tmp/ib-dotnet.lock)"
    (cd "$REPO" && flock /tmp/ib-dotnet.lock bash -c "dotnet publish src/IdentityBroker.Server -c Release -o '$DIR/server' -nologo >'$DIR/publish-server.log' 2>&1 \
      && dotnet publish bench/directory/DirBench.csproj -c Release -o '$DIR/dirbench' -p:ServerDir='$DIR/server' \
         -p:BaseIntermediateOutputPath='$DIR/obj/' -p:BaseOutputPath='$DIR/bin/' -nologo >'$DIR/publish-dirbench.log' 2>&1") \
      || { tail -n 20 "$DIR"/publish-*.log >&2; die "build failed"; }
    git -C "$REPO" rev-parse --short HEAD >"$DIR/commit"
  fi
  [[ -f $SERVER_DLL && -f $dirbench_dll ]] || die "no build in $DIR (run without --no-build)"
}
