{{/* Names: <release>-urlscan unless the release name already holds the chart name. */}}
{{- define "urlscan.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "urlscan.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "urlscan.labels" -}}
app.kubernetes.io/name: {{ include "urlscan.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{ include "urlscan.extraLabels" . }}
{{- end }}

{{/* The labels that are not selector labels (pod templates add them to the selector's). */}}
{{- define "urlscan.extraLabels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Selector labels of one component (api, app, scan): stable across upgrades. */}}
{{- define "urlscan.selector" -}}
app.kubernetes.io/name: {{ include "urlscan.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "urlscan.image" -}}
{{- $tag := .tag | default .root.Values.image.tag | default .root.Chart.AppVersion }}
{{- if .root.Values.image.digest }}
{{- printf "%s@%s" .root.Values.image.repository .root.Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .root.Values.image.repository $tag }}
{{- end }}
{{- end }}

{{- define "urlscan.serviceAccountName" -}}
{{- printf "%s-%s" (include "urlscan.fullname" .root) .component }}
{{- end }}

{{- define "urlscan.adminSecretName" -}}
{{- .Values.admin.existingSecret | default (printf "%s-admin" (include "urlscan.fullname" .)) }}
{{- end }}

{{/* The model API address the app reaches: the api Service (or app.modelHost). */}}
{{- define "urlscan.modelHost" -}}
{{- .Values.app.modelHost | default (printf "%s-api:%d" (include "urlscan.fullname" .) (int .Values.api.service.port)) }}
{{- end }}

{{/* Drain: the preStop sleep and the server's DRAIN_DELAY_MS are both drain.delayMs (rounded up to
whole seconds for the sleep); the grace period covers both plus drain.shutdownSeconds for the
requests in flight. */}}
{{- define "urlscan.drainSeconds" -}}
{{- div (add (int .Values.drain.delayMs) 999) 1000 }}
{{- end }}
{{- define "urlscan.gracePeriod" -}}
{{- add (mul 2 (include "urlscan.drainSeconds" . | int)) (int .Values.drain.shutdownSeconds) }}
{{- end }}

{{/* ConfigMap data: the settings map (null and "" left out: the server's default), then the
role's own map, then what the chart decides. */}}
{{- define "urlscan.configData" -}}
{{- $data := dict }}
{{- range $k, $v := .root.Values.settings }}{{ if not (or (kindIs "invalid" $v) (eq (toString $v) "")) }}{{ $_ := set $data $k (include "urlscan.settingText" $v) }}{{ end }}{{ end }}
{{- range $k, $v := .extra }}{{ if not (or (kindIs "invalid" $v) (eq (toString $v) "")) }}{{ $_ := set $data $k (include "urlscan.settingText" $v) }}{{ end }}{{ end }}
{{- range $k, $v := .fixed }}{{ $_ := set $data $k (include "urlscan.settingText" $v) }}{{ end }}
{{- range $k := keys $data | sortAlpha }}
{{ $k }}: {{ get $data $k | quote }}
{{- end }}
{{- end }}

{{/* A setting as text: YAML numbers are floats to helm, and 1048576 must not become 1.048576e+06. */}}
{{- define "urlscan.settingText" -}}
{{- if and (kindIs "float64" .) (eq . (floor .)) }}{{ printf "%d" (int64 .) }}{{ else }}{{ toString . }}{{ end }}
{{- end }}

{{/* Pod security: a numeric non-root user, the default seccomp profile. */}}
{{- define "urlscan.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.securityContext.runAsUser }}
runAsGroup: {{ .Values.securityContext.runAsGroup }}
fsGroup: {{ .Values.securityContext.runAsGroup }}
seccompProfile:
  type: RuntimeDefault
{{- end }}
{{- define "urlscan.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.securityContext.runAsUser }}
runAsGroup: {{ .Values.securityContext.runAsGroup }}
readOnlyRootFilesystem: true
allowPrivilegeEscalation: false
privileged: false
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* Topology spread of one component's pods over zones and nodes. */}}
{{- define "urlscan.topologySpread" -}}
{{- if .root.Values.topologySpread.enabled }}
topologySpreadConstraints:
{{- range .root.Values.topologySpread.topologyKeys }}
  - maxSkew: {{ $.root.Values.topologySpread.maxSkew }}
    topologyKey: {{ . }}
    whenUnsatisfiable: {{ $.root.Values.topologySpread.whenUnsatisfiable }}
    labelSelector:
      matchLabels:
        {{- include "urlscan.selector" (dict "root" $.root "component" $.component) | nindent 8 }}
    matchLabelKeys: [pod-template-hash]
{{- end }}
{{- end }}
{{- end }}

{{/* The pod spec of a server (api or app): .root, .component, .role, .variant (app), .slot
(blue-green api), .tag (image tag), .replicas, .settings (env overrides), .labels. */}}
{{- define "urlscan.serverPod" -}}
{{- $v := .root.Values }}
{{- $c := index $v .component }}
metadata:
  labels:
    {{- include "urlscan.extraLabels" .root | nindent 4 }}
    {{- include "urlscan.selector" . | nindent 4 }}
    {{- range $k, $val := .labels }}
    {{ $k }}: {{ $val | quote }}
    {{- end }}
  annotations:
    checksum/config: {{ include (print .root.Template.BasePath "/configmap.yaml") .root | sha256sum }}
    {{- if $v.metrics.scrape }}
    prometheus.io/scrape: "true"
    prometheus.io/port: {{ $c.port | quote }}
    prometheus.io/path: /metrics
    {{- end }}
    {{- with $c.podAnnotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  serviceAccountName: {{ include "urlscan.serviceAccountName" . }}
  automountServiceAccountToken: false
  {{- with $v.imagePullSecrets }}
  imagePullSecrets:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- if $v.hostNetwork }}
  hostNetwork: true
  dnsPolicy: ClusterFirstWithHostNet
  {{- end }}
  terminationGracePeriodSeconds: {{ include "urlscan.gracePeriod" .root }}
  securityContext:
    {{- include "urlscan.podSecurityContext" .root | nindent 4 }}
  {{- include "urlscan.topologySpread" . | trim | nindent 2 }}
  {{- with $c.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $c.tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $c.affinity }}
  affinity:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $v.priorityClassName }}
  priorityClassName: {{ . }}
  {{- end }}
  containers:
    - name: urlscan
      image: {{ include "urlscan.image" (dict "root" .root "tag" .tag) }}
      imagePullPolicy: {{ $v.image.pullPolicy }}
      args: ["serve"]
      ports:
        - name: http
          containerPort: {{ $c.port }}
          protocol: TCP
      envFrom:
        - configMapRef:
            name: {{ include "urlscan.fullname" .root }}-{{ .component }}
      env:
        - name: URLSCAN_CACHE_DIR
          value: /var/cache/urlscan
        {{- if $v.admin.enabled }}
        - name: ADMIN_TOKEN
          valueFrom:
            secretKeyRef:
              name: {{ include "urlscan.adminSecretName" .root }}
              key: {{ $v.admin.existingSecretKey }}
        {{- end }}
        {{- if .variant }}
        - name: VARIANT
          value: {{ .variant | quote }}
        {{- end }}
        {{- range $k, $val := .settings }}
        - name: {{ $k }}
          value: {{ include "urlscan.settingText" $val | quote }}
        {{- end }}
      startupProbe:
        httpGet: {path: /readyz, port: {{ $c.port }}}
        periodSeconds: {{ $v.probes.startup.periodSeconds }}
        failureThreshold: {{ $v.probes.startup.failureThreshold }}
      readinessProbe:
        httpGet: {path: /readyz, port: {{ $c.port }}}
        periodSeconds: {{ $v.probes.readiness.periodSeconds }}
        timeoutSeconds: {{ $v.probes.readiness.timeoutSeconds }}
        failureThreshold: {{ $v.probes.readiness.failureThreshold }}
      livenessProbe:
        httpGet: {path: /healthz, port: {{ $c.port }}}
        periodSeconds: {{ $v.probes.liveness.periodSeconds }}
        timeoutSeconds: {{ $v.probes.liveness.timeoutSeconds }}
        failureThreshold: {{ $v.probes.liveness.failureThreshold }}
      {{- $drain := include "urlscan.drainSeconds" .root | int }}
      {{- if and (gt $drain 0) (ne $v.drain.preStop "none") }}
      lifecycle:
        preStop:
          {{- if eq $v.drain.preStop "sleep" }}
          sleep:
            seconds: {{ $drain }}
          {{- else }}
          exec:
            command: ["sleep", "{{ $drain }}"]
          {{- end }}
      {{- end }}
      resources:
        {{- toYaml $c.resources | nindent 8 }}
      securityContext:
        {{- include "urlscan.containerSecurityContext" .root | nindent 8 }}
      volumeMounts:
        - name: cache
          mountPath: /var/cache/urlscan
        - name: tmp
          mountPath: /tmp
        {{- if and $v.modelVolume.enabled (eq .component "api") }}
        - name: models
          mountPath: {{ $v.modelVolume.mountPath }}
          readOnly: {{ eq $v.modelVolume.type "image" }}
        {{- end }}
  volumes:
    - name: cache
      emptyDir:
        sizeLimit: {{ $v.cacheSizeLimit }}
    - name: tmp
      emptyDir:
        sizeLimit: 64Mi
    {{- if and $v.modelVolume.enabled (eq .component "api") }}
    - name: models
      {{- if eq $v.modelVolume.type "pvc" }}
      persistentVolumeClaim:
        claimName: {{ required "modelVolume.claimName is required with modelVolume.type pvc" $v.modelVolume.claimName }}
      {{- else }}
      image:
        reference: {{ required "modelVolume.image.reference is required with modelVolume.type image" $v.modelVolume.image.reference }}
        pullPolicy: {{ $v.modelVolume.image.pullPolicy }}
      {{- end }}
    {{- end }}
{{- end }}

{{/* A HorizontalPodAutoscaler on CPU for Deployment .name. */}}
{{- define "urlscan.hpa" -}}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ .name }}
  labels:
    {{- include "urlscan.labels" .root | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ .name }}
  minReplicas: {{ .scaling.minReplicas }}
  maxReplicas: {{ .scaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ .scaling.targetCPUUtilizationPercentage }}
{{- end }}
