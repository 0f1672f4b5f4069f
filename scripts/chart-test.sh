#!/usr/bin/env bash
# Proves the Helm chart and the Dockerfiles offline (no cluster, no Docker engine; scripts/test.sh runs it in CI):
#   1. helm lint --strict and helm template for every example values file (helm/identity-broker/examples/*.yaml)
#   2. every rendered object validated against the Kubernetes schemas + the security policy (tests/chart/validate.mjs)
#   3. wrong values fail at template time with the expected message (schema negatives below)
#   4. dockerfilelint on deploy/*Dockerfile
# The rendered configuration booting the real broker is RenderedChartBootsBrokerTests (IntegrationTests), which renders
# through tests/chart/render-for-boot.mjs with the same helm.
# Prints "chart checks: N passed, N failed" last; exit 1 on any failure. Rendered output: artifacts/chart/.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
CHART=helm/identity-broker
OUT=artifacts/chart
mkdir -p "$OUT"
export HELM_CACHE_HOME=$ROOT/.helm/cache HELM_CONFIG_HOME=$ROOT/.helm/config HELM_DATA_HOME=$ROOT/.helm/data
HELM=$(tests/chart/install-tools.sh)

passed=0 failed=0
ok() { passed=$((passed + 1)); printf 'ok    %s\n' "$1"; }
bad() { failed=$((failed + 1)); printf 'FAIL  %s\n' "$1"; [[ -n ${2:-} ]] && printf '%s\n' "$2" | sed 's/^/      /' | head -n 15; return 0; }

# ---- 1 + 2: every example lints strictly, renders, validates ----
rendered=()
for values in "$CHART"/examples/*.yaml; do
  name=$(basename "$values" .yaml)
  if log=$("$HELM" lint --strict "$CHART" -f "$values" 2>&1); then ok "helm lint --strict ($name)"; else bad "helm lint --strict ($name)" "$log"; fi
  if log=$("$HELM" template "id-$name" "$CHART" --namespace "identity-$name" -f "$values" 2>&1 >"$OUT/$name.yaml"); then
    ok "helm template ($name)"; rendered+=("$OUT/$name.yaml")
  else
    bad "helm template ($name)" "$log"
  fi
done
if (( ${#rendered[@]} > 0 )); then
  if log=$(node tests/chart/validate.mjs "${rendered[@]}" 2>&1); then
    ok "kubernetes schemas + security policy: $(tail -n 1 <<<"$log")"
  else
    bad "kubernetes schemas + security policy" "$(grep -E '^FAIL|policy:' <<<"$log")"
  fi
fi

# ---- 3: wrong values fail with a message naming the key (and the fix) ----
# expect_failure NAME EXPECTED-SUBSTRING helm-template-args...
expect_failure() {
  local name=$1 expected=$2; shift 2
  local log
  if log=$("$HELM" template neg "$CHART" -f "$CHART/examples/region-38.yaml" "$@" 2>&1); then
    bad "negative: $name (rendered, expected a failure)"
  elif grep -qF -- "$expected" <<<"$log"; then
    ok "negative: $name"
  else
    bad "negative: $name (failed, but without '$expected')" "$log"
  fi
}
expect_failure "missing secret name" "secrets.existingSecret is required" --set secrets.existingSecret=
expect_failure "bad region code" "regions[0].code must be the two-digit subject code" --set-json 'regions=[{"code":"380","name":"x","esia":{"baseUrl":"https://esia.gosuslugi.ru","issuer":"http://esia.gosuslugi.ru/","clientId":"X","redirectUri":"https://id/x","signer":{"kind":"file"},"existingSecret":"s","trustedCertificateKeys":["c"]}}]'
expect_failure "replicas 0 with a PDB" "replicaCount is 0 but podDisruptionBudget.enabled" --set replicaCount=0 --set autoscaling.enabled=false
expect_failure "misspelt top-level key" "replicaCont" --set replicaCont=3
expect_failure "misspelt region key" "adultLevel" --set-json 'regions=[{"code":"38","name":"x","policy":{"adultLevel":["confirmed"]},"esia":{"baseUrl":"https://esia.gosuslugi.ru","issuer":"http://esia.gosuslugi.ru/","clientId":"X","redirectUri":"https://id/x","signer":{"kind":"file"},"existingSecret":"s","trustedCertificateKeys":["c"]}}]'
expect_failure "missing ESIA secret name" "regions[0].esia.existingSecret is required" --set-json 'regions=[{"code":"38","name":"x","esia":{"baseUrl":"https://esia.gosuslugi.ru","issuer":"http://esia.gosuslugi.ru/","clientId":"X","redirectUri":"https://id/x","signer":{"kind":"file"},"trustedCertificateKeys":["c"]}}]'
expect_failure "http issuer in production" "issuer must be the broker's public https URL" --set issuer=http://id.dnevnik38.ru
expect_failure "ingress without trusted proxies" "ingress.trustedProxies is required" --set-json 'ingress.trustedProxies=[]'
expect_failure "same public and management port" "ports.management must differ from ports.http" --set ports.management=8080
expect_failure "wrong signer kind" "signer" --set-json 'regions=[{"code":"38","name":"x","esia":{"baseUrl":"https://esia.gosuslugi.ru","issuer":"http://esia.gosuslugi.ru/","clientId":"X","redirectUri":"https://id/x","signer":{"kind":"hsm"},"existingSecret":"s","trustedCertificateKeys":["c"]}}]'
expect_failure "network policy without PostgreSQL" "networkPolicy.egress.postgres.cidrs is required" --set-json 'networkPolicy.egress.postgres.cidrs=[]'
expect_failure "emulator outside staging" "staging.emulator.enabled needs staging.enabled" --set staging.emulator.enabled=true
expect_failure "bad duration" "clockSkew" --set-json 'regions=[{"code":"38","name":"x","esia":{"baseUrl":"https://esia.gosuslugi.ru","issuer":"http://esia.gosuslugi.ru/","clientId":"X","redirectUri":"https://id/x","signer":{"kind":"file"},"existingSecret":"s","trustedCertificateKeys":["c"],"clockSkew":"2 minutes"}}]'

# the policy check itself must catch a broken workload (a check that cannot fail proves nothing)
sed 's/readOnlyRootFilesystem: true/readOnlyRootFilesystem: false/' "$OUT/region-38.yaml" >"$OUT/broken-policy.yaml"
if node tests/chart/validate.mjs "$OUT/broken-policy.yaml" >"$OUT/broken-policy.log" 2>&1; then
  bad "policy check rejects readOnlyRootFilesystem: false"
else ok "policy check rejects readOnlyRootFilesystem: false"; fi
sed 's/containerPort: 8081/containerPort: "eighty"/' "$OUT/region-38.yaml" >"$OUT/broken-schema.yaml"
if node tests/chart/validate.mjs "$OUT/broken-schema.yaml" >"$OUT/broken-schema.log" 2>&1; then
  bad "schema check rejects a non-integer containerPort"
else ok "schema check rejects a non-integer containerPort"; fi

# the worked PostgreSQL example parses and is a CloudNativePG Cluster with a synchronous standby
if log=$(cd tests/chart && node -e '
  const { parseAllDocuments } = require("yaml"); const fs = require("fs");
  const docs = parseAllDocuments(fs.readFileSync("../../deploy/cloudnativepg-cluster.yaml", "utf8"));
  const errors = docs.flatMap((d) => d.errors); if (errors.length) throw errors[0];
  const c = docs.map((d) => d.toJS()).find((o) => o && o.kind === "Cluster");
  if (!c || c.apiVersion !== "postgresql.cnpg.io/v1" || c.spec.instances < 3 || c.spec.minSyncReplicas < 1) throw new Error("Cluster with >= 3 instances and a synchronous standby expected");' 2>&1); then
  ok "deploy/cloudnativepg-cluster.yaml"
else bad "deploy/cloudnativepg-cluster.yaml" "$log"; fi

# the overlay that `regions init` writes (R-REGION-4, docs/regions.md) renders with the chart on top of a release's own
# values (the region-41 example stands in for them; the overlay's regions list replaces the example's): no drift
BROKER_DLL=src/IdentityBroker.Server/bin/Release/net10.0/IdentityBroker.Server.dll
if [[ -f $BROKER_DLL ]]; then
  init_dir=$OUT/regions-init
  rm -rf "$init_dir"
  if log=$(dotnet "$BROKER_DLL" regions init --code 41 --name "Камчатский край" --time-zone Asia/Kamchatka --issuer https://id.dnevnik41.example \
        --esia-client-id DNEVNIK41 --organization "Региональный оператор" --out "$init_dir" 2>&1) \
     && log=$("$HELM" template id-41 "$CHART" --namespace identity-41 -f "$CHART/examples/region-41.yaml" \
        -f "$init_dir/values-region-41.yaml" 2>&1 >"$OUT/regions-init.yaml") \
     && grep -q 'diary-41-backend' "$OUT/regions-init.yaml"; then
    ok "regions init overlay renders with the chart"
  else bad "regions init overlay renders with the chart" "$log"; fi
else bad "regions init overlay renders with the chart" "no build at $BROKER_DLL (scripts/test.sh builds before this phase)"; fi

# ---- 4: Dockerfiles ----
if log=$(cd tests/chart && npx --no-install dockerfilelint ../../deploy/Dockerfile ../../deploy/esia-emulator.Dockerfile ../../deploy/demo-client.Dockerfile 2>&1); then
  ok "dockerfilelint deploy/*Dockerfile"
else bad "dockerfilelint deploy/*Dockerfile" "$log"; fi

printf 'chart checks: %d passed, %d failed\n' "$passed" "$failed"
(( failed == 0 ))
