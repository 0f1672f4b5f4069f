#!/bin/sh
# Generates an EF Core migration (and refreshes BrokerDbContextModelSnapshot.cs) with the real `dotnet ef`, in a
# throwaway copy of the repository. Microsoft.EntityFrameworkCore.Design does not restore from our package mirror
# (TOOLCHAIN.md §4), so the copy gets two empty stub packages in a local feed; nothing of that reaches the repo.
# Only the generated *.cs files are copied back into src/IdentityBroker.Store/Migrations.
#
#   usage: src/IdentityBroker.Store/Migrations/regenerate.sh <MigrationName>   add a migration, refresh the snapshot and migrations.sql
#          src/IdentityBroker.Store/Migrations/regenerate.sh --sql-only        only refresh migrations.sql (idempotent script for review)
set -eu
NAME=${1:?usage: regenerate.sh <MigrationName>}
REPO=$(cd "$(dirname "$0")/../../.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/ib-ef.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

mkdir -p "$WORK/feed" "$WORK/repo/src"
for pv in "Mono.TextTemplating 3.0.0" "Microsoft.VisualStudio.SolutionPersistence 1.0.52"; do
  set -- $pv
  mkdir -p "$WORK/stubs/$1"
  cat > "$WORK/stubs/$1/$1.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><TargetFramework>netstandard2.0</TargetFramework>
<PackageId>$1</PackageId><Version>$2</Version><Description>empty local stub</Description></PropertyGroup></Project>
XML
  dotnet pack "$WORK/stubs/$1/$1.csproj" -o "$WORK/feed" >/dev/null
done

cp "$REPO/Directory.Build.props" "$REPO/Directory.Packages.props" "$REPO/global.json" "$REPO/NuGet.config" "$WORK/repo/"
for p in IdentityBroker.Core IdentityBroker.Store; do
  mkdir -p "$WORK/repo/src/$p"
  (cd "$REPO/src/$p" && tar --exclude=bin --exclude=obj -cf - .) | (cd "$WORK/repo/src/$p" && tar -xf -)
done

cd "$WORK/repo"
sed -i "s#<clear />#<clear /><add key=\"ef-stubs\" value=\"$WORK/feed\" />#" NuGet.config
sed -i 's#<ItemGroup Label="Store">#<ItemGroup Label="Store"><PackageVersion Include="Microsoft.EntityFrameworkCore.Design" Version="10.0.14" />#' Directory.Packages.props
sed -i 's#<PackageReference Include="EFCore.NamingConventions" />#<PackageReference Include="EFCore.NamingConventions" /><PackageReference Include="Microsoft.EntityFrameworkCore.Design" PrivateAssets="all" />#' \
  src/IdentityBroker.Store/IdentityBroker.Store.csproj
sed -i 's#</NoWarn>#;NU1603;NU1605</NoWarn><SuppressTfmSupportBuildWarnings>true</SuppressTfmSupportBuildWarnings>#' Directory.Build.props

dotnet new tool-manifest >/dev/null
dotnet tool install dotnet-ef --version 10.0.14 >/dev/null
for i in 1 2 3; do dotnet restore src/IdentityBroker.Store && break; sleep 3; done
if [ "$NAME" != "--sql-only" ]; then
  dotnet ef migrations add "$NAME" -p src/IdentityBroker.Store -s src/IdentityBroker.Store -o Migrations
fi
dotnet ef migrations script --idempotent -p src/IdentityBroker.Store -s src/IdentityBroker.Store -o src/IdentityBroker.Store/Migrations/migrations.sql

cp src/IdentityBroker.Store/Migrations/*.cs src/IdentityBroker.Store/Migrations/migrations.sql "$REPO/src/IdentityBroker.Store/Migrations/"
echo "Done ($NAME); review the diff under src/IdentityBroker.Store/Migrations."
