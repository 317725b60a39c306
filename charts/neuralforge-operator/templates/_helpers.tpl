{{- define "neuralforge.name" -}}neuralforge-operator{{- end -}}

{{- define "neuralforge.fullname" -}}
{{- printf "%s-%s" .Release.Name "neuralforge-operator" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "neuralforge.labels" -}}
app.kubernetes.io/name: {{ include "neuralforge.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "neuralforge.selector" -}}
app.kubernetes.io/name: {{ include "neuralforge.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}
