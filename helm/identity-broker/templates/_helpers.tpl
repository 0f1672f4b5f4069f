{{/* Names and labels. */}}
{{- define "ib.fullname" -}}
{{- if contains "identity-broker" .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-identity-broker" .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "ib.selectorLabels" -}}
app.kubernetes.io/name: identity-broker
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "ib.labels" -}}
{{ include "ib.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
identity-broker/regions: {{ include "ib.regionCodes" . | quote }}
{{- end -}}

{{- define "ib.regionCodes" -}}
{{- $codes := list -}}{{- range .Values.regions -}}{{- $codes = append $codes (toString .code) -}}{{- end -}}{{- join "-" $codes -}}
{{- end -}}

{{- define "ib.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}{{- default (include "ib.fullname" .) .Values.serviceAccount.name -}}{{- else -}}{{- default "default" .Values.serviceAccount.name -}}{{- end -}}
{{- end -}}

{{- define "ib.image" -}}
{{- if .Values.image.digest -}}{{ printf "%s@%s" .Values.image.repository .Values.image.digest }}{{- else -}}{{ printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}{{- end -}}
{{- end -}}

{{- define "ib.brokerSecretName" -}}
{{- if .Values.staging.enabled -}}{{ default (printf "%s-staging" (include "ib.fullname" .)) .Values.secrets.existingSecret }}{{- else -}}{{ .Values.secrets.existingSecret }}{{- end -}}
{{- end -}}

{{/* Mount points inside the pod (the broker reads key-per-file from the first; docs/operations.md). */}}
{{- define "ib.secretsDir" -}}/var/run/secrets/identity-broker{{- end -}}
{{- define "ib.esiaDir" -}}/var/run/secrets/identity-broker-esia/{{ . }}{{- end -}}
{{- define "ib.webhookDir" -}}/var/run/secrets/identity-broker-webhooks/{{ . }}{{- end -}}
{{- define "ib.regionsDir" -}}/etc/identity-broker/regions{{- end -}}

{{/*
Every wrong value that the schema cannot express fails here, naming the key and the fix (rendered by every template
that needs it through "ib.validate"; helm template/install stop at the first).
*/}}
{{- define "ib.validate" -}}
{{- $v := .Values -}}
{{- if and (not $v.staging.enabled) (not $v.secrets.existingSecret) -}}
{{- fail "secrets.existingSecret is required: name the Secret holding connection-string, personal-data-pepper and signing-key-encryption-key (create it first: docs/operations.md \"Install\"), e.g. --set secrets.existingSecret=identity-broker" -}}
{{- end -}}
{{- if not (regexMatch "^https://" $v.issuer) -}}
{{- if not (and $v.staging.enabled (regexMatch "^http://" $v.issuer)) -}}
{{- fail (printf "issuer must be the broker's public https URL (was %q): set issuer, e.g. https://id.dnevnik38.ru" $v.issuer) -}}
{{- end -}}
{{- end -}}
{{- if eq (len $v.regions) 0 -}}
{{- fail "regions must list this release's region (one release per region): add regions[0] with code, name and esia (examples/region-38.yaml)" -}}
{{- end -}}
{{- $seen := dict -}}
{{- range $i, $r := $v.regions -}}
{{- $code := toString $r.code -}}
{{- if not (regexMatch "^[0-9]{2}$" $code) -}}
{{- fail (printf "regions[%d].code must be the two-digit subject code as a string (was %q): e.g. code: \"38\" (quote it: 05 is not a YAML number)" $i $code) -}}
{{- end -}}
{{- if hasKey $seen $code -}}{{- fail (printf "regions[%d].code %q is listed twice: one entry per region" $i $code) -}}{{- end -}}
{{- $_ := set $seen $code true -}}
{{- if not $r.esia.existingSecret -}}
{{- fail (printf "regions[%d].esia.existingSecret is required: name the Secret with region %s's GOST key, certificate and ESIA's certificates (docs/operations.md \"Adding a region\")" $i $code) -}}
{{- end -}}
{{- if eq (len (default list $r.esia.trustedCertificateKeys)) 0 -}}
{{- fail (printf "regions[%d].esia.trustedCertificateKeys must name at least one key of %s holding ESIA's token-signing certificate" $i $r.esia.existingSecret) -}}
{{- end -}}
{{- if and (eq $r.esia.signer.kind "remote") (not $r.esia.signer.url) -}}
{{- fail (printf "regions[%d].esia.signer.url is required with kind remote: the signing service URL" $i) -}}
{{- end -}}
{{- if and $r.notifications (not $r.notifications.existingSecret) -}}
{{- fail (printf "regions[%d].notifications.existingSecret is required with a webhookUrl: the Secret holding the webhook HMAC key" $i) -}}
{{- end -}}
{{- if and $v.staging.enabled (regexMatch "^https://esia\\.gosuslugi\\.ru" $r.esia.baseUrl) -}}
{{- fail (printf "staging.enabled is for staging stands only but regions[%d].esia.baseUrl is production ESIA: disable staging and use existing Secrets" $i) -}}
{{- end -}}
{{- end -}}
{{- if and $v.podDisruptionBudget.enabled (lt (int $v.replicaCount) 2) (not $v.autoscaling.enabled) -}}
{{- fail (printf "replicaCount is %d but podDisruptionBudget.enabled with minAvailable %d would block every node drain: set replicaCount to 2 or more (or podDisruptionBudget.enabled=false for a throwaway stand)" (int $v.replicaCount) (int $v.podDisruptionBudget.minAvailable)) -}}
{{- end -}}
{{- if and $v.podDisruptionBudget.enabled (ge (int $v.podDisruptionBudget.minAvailable) (int (ternary $v.autoscaling.minReplicas $v.replicaCount $v.autoscaling.enabled))) -}}
{{- fail "podDisruptionBudget.minAvailable must be below replicaCount (autoscaling.minReplicas with autoscaling): otherwise no pod may ever be evicted" -}}
{{- end -}}
{{- if and $v.autoscaling.enabled (gt (int $v.autoscaling.minReplicas) (int $v.autoscaling.maxReplicas)) -}}
{{- fail "autoscaling.minReplicas must not exceed autoscaling.maxReplicas" -}}
{{- end -}}
{{- if eq (int $v.ports.http) (int $v.ports.management) -}}
{{- fail "ports.management must differ from ports.http: the management port is never exposed by the Ingress" -}}
{{- end -}}
{{- if and $v.ingress.enabled (not $v.ingress.host) -}}
{{- fail "ingress.host is required with ingress.enabled: the issuer's host name" -}}
{{- end -}}
{{- if and $v.ingress.enabled (eq (len $v.ingress.trustedProxies) 0) -}}
{{- fail "ingress.trustedProxies is required with ingress.enabled: the ingress controller's pod CIDR, so the broker believes X-Forwarded-Proto and its cookies stay Secure (IdentityBroker:TrustedProxies)" -}}
{{- end -}}
{{- if and $v.ingress.enabled (not $v.ingress.tls.secretName) (not $v.staging.enabled) -}}
{{- fail "ingress.tls.secretName is required with ingress.enabled: the broker is served over https only" -}}
{{- end -}}
{{- if and $v.staging.emulator.enabled (not $v.staging.enabled) -}}
{{- fail "staging.emulator.enabled needs staging.enabled: the ESIA emulator is never deployed to production" -}}
{{- end -}}
{{- end -}}

{{/* One region file (docs/regions.md) from a regions[] entry: the chart writes the secret paths. */}}
{{- define "ib.regionFile" -}}
{{- $r := . -}}
{{- $code := toString $r.code -}}
{{- $dir := include "ib.esiaDir" $code -}}
{{- $keys := merge (default dict $r.esia.secretKeys) (dict "gostKey" "gost-key.pem" "gostCertificate" "gost-certificate.pem") -}}
{{- $signer := dict "kind" $r.esia.signer.kind "certificatePath" (printf "%s/%s" $dir $keys.gostCertificate) -}}
{{- if eq $r.esia.signer.kind "file" -}}
{{- $_ := set $signer "keyPath" (printf "%s/%s" $dir $keys.gostKey) -}}
{{- else -}}
{{- $_ := set $signer "url" $r.esia.signer.url -}}
{{- if $r.esia.signer.keyId -}}{{- $_ := set $signer "keyId" $r.esia.signer.keyId -}}{{- end -}}
{{- end -}}
{{- $trusted := list -}}
{{- range $r.esia.trustedCertificateKeys -}}{{- $trusted = append $trusted (printf "%s/%s" $dir .) -}}{{- end -}}
{{- $esia := omit $r.esia "existingSecret" "secretKeys" "trustedCertificateKeys" "signer" -}}
{{- $_ := set $esia "signer" $signer -}}
{{- $_ := set $esia "trustedCertificates" $trusted -}}
{{- $file := omit $r "esia" "notifications" -}}
{{- $_ := set $file "code" $code -}}
{{- $_ := set $file "esia" $esia -}}
{{- if $r.notifications -}}
{{- $_ := set $file "notifications" (dict "webhookUrl" $r.notifications.webhookUrl "secretFile" (printf "%s/%s" (include "ib.webhookDir" $code) (default "webhook-secret" $r.notifications.secretKey))) -}}
{{- end -}}
{{- toPrettyJson $file -}}
{{- end -}}

{{/* Restricted pod security (Pod Security Standards "restricted"), shared by every workload of the chart. */}}
{{- define "ib.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 1654
runAsGroup: 1654
fsGroup: 1654
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "ib.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Environment shared by the broker and the migration Job. */}}
{{- define "ib.commonEnv" -}}
- name: HOME
  value: /tmp
- name: TMPDIR
  value: /tmp
- name: DOTNET_CLI_TELEMETRY_OPTOUT
  value: "1"
- name: ASPNETCORE_ENVIRONMENT
  value: {{ default "Production" (get .Values.brokerSettings "ASPNETCORE_ENVIRONMENT") | quote }}
{{- end -}}

{{/* The broker's Secret, key-per-file under ib.secretsDir (file names are configuration keys). */}}
{{- define "ib.brokerSecretVolume" -}}
- name: broker-secrets
  secret:
    secretName: {{ include "ib.brokerSecretName" . }}
    defaultMode: 0440
    items:
      - key: {{ .Values.secrets.keys.connectionString }}
        path: ConnectionStrings__Broker
      - key: {{ .Values.secrets.keys.personalDataPepper }}
        path: IdentityBroker__PersonalDataPepper
      - key: {{ .Values.secrets.keys.signingKeyEncryptionKey }}
        path: IdentityBroker__SigningKeyEncryptionKey
{{- end -}}

{{/* OTEL_RESOURCE_ATTRIBUTES: the region(s), the release, plus telemetry.resourceAttributes. */}}
{{- define "ib.otelResource" -}}
{{- $attrs := list (printf "identity_broker.region=%s" (include "ib.regionCodes" .)) (printf "service.namespace=%s" .Release.Namespace) (printf "service.version=%s" .Chart.AppVersion) (printf "deployment.environment.name=%s" (ternary "staging" "production" .Values.staging.enabled)) -}}
{{- range $k, $v := .Values.telemetry.resourceAttributes -}}{{- $attrs = append $attrs (printf "%s=%s" $k $v) -}}{{- end -}}
{{- join "," $attrs -}}
{{- end -}}

{{- define "ib.dnsEgress" -}}
- to:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: kube-system
      podSelector:
        matchLabels:
          k8s-app: kube-dns
  ports:
    - port: 53
      protocol: UDP
    - port: 53
      protocol: TCP
{{- end -}}

{{- define "ib.cidrEgress" -}}
{{- if .cidrs -}}
- to:
    {{- range .cidrs }}
    - ipBlock:
        cidr: {{ . | quote }}
    {{- end }}
  ports:
    {{- range .ports }}
    - port: {{ . }}
      protocol: TCP
    {{- end }}
{{- end -}}
{{- end -}}
