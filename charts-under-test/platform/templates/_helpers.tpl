{{/*
Chart name.
*/}}
{{- define "platform.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Fully qualified name for umbrella-level objects: <release>-<suffix>.
Usage: include "platform.fullname" (list . "suffix")
*/}}
{{- define "platform.fullname" -}}
{{- $root := index . 0 -}}
{{- $suffix := index . 1 -}}
{{- printf "%s-%s" $root.Release.Name $suffix | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "platform.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Selector labels for an umbrella-level component.
Usage: include "platform.selectorLabels" (list . "component")
*/}}
{{- define "platform.selectorLabels" -}}
{{- $root := index . 0 -}}
app.kubernetes.io/name: {{ index . 1 }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
{{- end }}

{{/*
Standard labels for an umbrella-level component.
Usage: include "platform.labels" (list . "component")
*/}}
{{- define "platform.labels" -}}
{{- $root := index . 0 -}}
helm.sh/chart: {{ include "platform.chart" $root }}
{{ include "platform.selectorLabels" . }}
app.kubernetes.io/component: {{ index . 1 }}
app.kubernetes.io/part-of: {{ $root.Values.global.partOf }}
app.kubernetes.io/version: {{ $root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ $root.Release.Service }}
{{- end }}

{{- define "platform.platformConfigMap" -}}
{{- default (printf "%s-platform-config" .Release.Name) .Values.global.platformConfigMap }}
{{- end }}

{{- define "platform.postgresSecret" -}}
{{- default (printf "%s-postgres" .Release.Name) .Values.global.postgres.existingSecret }}
{{- end }}

{{- define "platform.prometheusName" -}}
{{- include "platform.fullname" (list . "prometheus") }}
{{- end }}

{{/*
Pinned image reference from a {repository, tag} map.
*/}}
{{- define "platform.image" -}}
{{- $tag := required "image tag is required (pin a version)" .tag | toString }}
{{- if eq $tag "latest" }}
{{- fail "image tags must be pinned, not \"latest\"" }}
{{- end }}
{{- printf "%s:%s" .repository $tag }}
{{- end }}

{{/*
Names of the enabled platform services (subchart aliases) and their ports.
*/}}
{{- define "platform.servicePorts" -}}
{{- $ports := list }}
{{- range $svc := list "backend" "recurring-task" "notification" "sync" "audit" }}
{{- $v := index $.Values $svc }}
{{- if $v.enabled }}
{{- $ports = append $ports (int $v.port) }}
{{- end }}
{{- end }}
{{- toJson $ports }}
{{- end }}
