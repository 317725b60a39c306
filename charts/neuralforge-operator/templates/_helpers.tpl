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

{{/* The operator's ServiceAccount; the policy matches requests by its user name. */}}
{{- define "neuralforge.serviceAccountUser" -}}
system:serviceaccount:{{ .Release.Namespace }}:{{ include "neuralforge.fullname" . }}
{{- end -}}

{{/* The trainer images, as the operator's configuration and the admission policy both name them. */}}
{{- define "neuralforge.trainerImage" -}}
{{ printf "%s:%s" .Values.trainer.image.repository .Values.trainer.image.tag }}
{{- end -}}

{{- define "neuralforge.cudaTrainerImage" -}}
{{ printf "%s:%s" .Values.trainer.cudaImage.repository .Values.trainer.cudaImage.tag }}
{{- end -}}
