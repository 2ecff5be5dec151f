{{/* Shared names and labels. */}}
{{- define "packetpath.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "packetpath.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := include "packetpath.name" . -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "packetpath.selectorLabels" -}}
app.kubernetes.io/name: {{ include "packetpath.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "packetpath.labels" -}}
{{ include "packetpath.selectorLabels" . }}
app.kubernetes.io/part-of: packetpath
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "packetpath.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "packetpath.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "packetpath.postgresSecret" -}}
{{- if .Values.postgresql.existingSecret -}}{{ .Values.postgresql.existingSecret }}{{- else -}}{{ include "packetpath.fullname" . }}-postgres{{- end -}}
{{- end -}}

{{- define "packetpath.authSecret" -}}
{{- if .Values.auth.existingSecret -}}{{ .Values.auth.existingSecret }}{{- else -}}{{ include "packetpath.fullname" . }}-auth{{- end -}}
{{- end -}}

{{- define "packetpath.usePostgres" -}}
{{- if or .Values.postgresql.url .Values.postgresql.existingSecret -}}true{{- end -}}
{{- end -}}

{{- define "packetpath.useAuth" -}}
{{- if or .Values.auth.token .Values.auth.existingSecret -}}true{{- end -}}
{{- end -}}
