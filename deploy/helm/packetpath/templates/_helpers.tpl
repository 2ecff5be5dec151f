{{/* Shared names and labels. */}}
{{- define "packetpath.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "packetpath.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "packetpath.labels" -}}
{{ include "packetpath.selectorLabels" . }}
app.kubernetes.io/part-of: packetpath
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* The base Deployment and its first container, read from the kustomize base. */}}
{{- define "packetpath.baseDeployment" -}}
{{- .Files.Get "files/deployment.yaml" -}}
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
