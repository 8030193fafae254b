{{/*
Chart name (the dependency alias when used from the umbrella chart).
*/}}
{{- define "platform-service.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Fully qualified name: <release>-<service>, unless the release name already contains it.
*/}}
{{- define "platform-service.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := include "platform-service.name" . }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "platform-service.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "platform-service.component" -}}
{{- default (include "platform-service.name" .) .Values.component }}
{{- end }}

{{/*
Selector labels: stable for the lifetime of a Deployment.
*/}}
{{- define "platform-service.selectorLabels" -}}
app.kubernetes.io/name: {{ include "platform-service.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Standard labels.
*/}}
{{- define "platform-service.labels" -}}
helm.sh/chart: {{ include "platform-service.chart" . }}
{{ include "platform-service.selectorLabels" . }}
app.kubernetes.io/component: {{ include "platform-service.component" . }}
app.kubernetes.io/part-of: {{ .Values.global.partOf }}
app.kubernetes.io/version: {{ .Values.image.tag | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "platform-service.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "platform-service.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "platform-service.daprAppId" -}}
{{- default (include "platform-service.name" .) .Values.dapr.appId }}
{{- end }}

{{/*
Image reference. The tag must be pinned.
*/}}
{{- define "platform-service.image" -}}
{{- $tag := required "image.tag is required (pin a version)" .Values.image.tag | toString }}
{{- if eq $tag "latest" }}
{{- fail "image.tag must be pinned, not \"latest\"" }}
{{- end }}
{{- printf "%s:%s" .Values.image.repository $tag }}
{{- end }}

{{/*
Shared platform ConfigMap (created by the umbrella chart) and Postgres Secret.
*/}}
{{- define "platform-service.platformConfigMap" -}}
{{- default (printf "%s-platform-config" .Release.Name) .Values.global.platformConfigMap }}
{{- end }}

{{- define "platform-service.postgresSecret" -}}
{{- default (printf "%s-postgres" .Release.Name) .Values.global.postgres.existingSecret }}
{{- end }}

{{/*
Whether more than one replica runs (a PodDisruptionBudget is then required).
*/}}
{{- define "platform-service.replicated" -}}
{{- if .Values.autoscaling.enabled }}
{{- if gt (int .Values.autoscaling.minReplicas) 1 }}true{{ end }}
{{- else if gt (int .Values.replicaCount) 1 }}true{{ end }}
{{- end }}

{{/*
Environment shared by the app container and its init containers.
*/}}
{{- define "platform-service.env" -}}
- name: SERVICE_NAME
  value: {{ include "platform-service.name" . | quote }}
- name: PORT
  value: {{ .Values.port | quote }}
- name: LOG_FORMAT
  value: {{ .Values.logFormat | quote }}
- name: LOG_LEVEL
  value: {{ .Values.logLevel | quote }}
- name: POD_NAMESPACE
  valueFrom:
    fieldRef:
      fieldPath: metadata.namespace
- name: KAFKA_BROKERS
  valueFrom:
    configMapKeyRef:
      name: {{ include "platform-service.platformConfigMap" . }}
      key: KAFKA_BROKERS
- name: KAFKA_CONSUMER_GROUP
  value: {{ printf "%s-%s" .Values.global.partOf (include "platform-service.name" .) | quote }}
- name: DATABASE_HOST
  valueFrom:
    configMapKeyRef:
      name: {{ include "platform-service.platformConfigMap" . }}
      key: DATABASE_HOST
- name: DATABASE_PORT
  valueFrom:
    configMapKeyRef:
      name: {{ include "platform-service.platformConfigMap" . }}
      key: DATABASE_PORT
- name: DATABASE_NAME
  valueFrom:
    configMapKeyRef:
      name: {{ include "platform-service.platformConfigMap" . }}
      key: DATABASE_NAME
{{- /* Credentials are read from the mounted Secret, never passed as env values. */}}
- name: DATABASE_USER_FILE
  value: /var/run/secrets/postgres/{{ .Values.global.postgres.usernameKey }}
- name: DATABASE_PASSWORD_FILE
  value: /var/run/secrets/postgres/{{ .Values.global.postgres.passwordKey }}
{{- with .Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end }}
