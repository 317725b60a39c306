{{/*
The operator's rules, in three blocks by where they apply. Exactly what it calls, no wildcards.
*/}}

{{/*
In every namespace it reconciles: all of them (a ClusterRole) by default, else a Role in each of
watchNamespaces. It grants each trainer and exporter a Role to patch its own object's status, so it
holds those verbs itself (Kubernetes refuses to grant what the granter lacks). It reads no Secrets:
pods take storage credentials from the Secret a run names.
*/}}
{{- define "neuralforge.rbac.reconcileRules" -}}
- apiGroups: [neuralforge.io]
  resources: [architectures, trainingruns, modelexports, trainingsweeps]
  verbs: [get, list, watch]
- apiGroups: [neuralforge.io]
  resources: [trainingruns]
  # patch: a sweep's early-stopping rule stops its runs (spec.runPolicy.stop) and records rungs
  verbs: [create, patch]
- apiGroups: [neuralforge.io]
  resources: [architectures/status, trainingruns/status, modelexports/status, trainingsweeps/status]
  verbs: [get, patch]
# what the operator creates names its owner with blockOwnerDeletion, which the API server allows
# only to who may update the owner's finalizers (OpenShift enforces it): a run owns its Job,
# ConfigMap and identity, an export likewise, a sweep its runs. An Architecture owns nothing.
- apiGroups: [neuralforge.io]
  resources: [trainingruns/finalizers, modelexports/finalizers, trainingsweeps/finalizers]
  verbs: [update]
- apiGroups: [batch]
  resources: [jobs]
  verbs: [get, list, watch, create, patch, delete]
- apiGroups: [""]
  resources: [pods]
  verbs: [get, list, watch]
- apiGroups: [""]
  resources: [configmaps, serviceaccounts]
  verbs: [get, create]
- apiGroups: [rbac.authorization.k8s.io]
  resources: [roles, rolebindings]
  verbs: [get, create]
# watched, never polled: FailedCreate events say why a Job has no pod, a Workload says why Kueue
# holds a Job
- apiGroups: [""]
  resources: [events]
  verbs: [create, list, watch]
- apiGroups: [kueue.x-k8s.io]
  resources: [workloads]
  verbs: [list, watch]
{{- end -}}

{{/*
Cluster-wide whatever it watches: Namespaces are cluster-scoped, and their informer lists them all
(a Namespace's annotation holds its GPU-hour budget).
*/}}
{{- define "neuralforge.rbac.clusterRules" -}}
- apiGroups: [""]
  resources: [namespaces]
  verbs: [list, watch]
# the GPU type of the node a trainer pod ran on (what gpu: any is charged as): one GET per node
- apiGroups: [""]
  resources: [nodes]
  verbs: [get]
{{- end -}}

{{/*
In the operator's own namespace only (the release namespace). Add rules for its own objects here.
*/}}
{{- define "neuralforge.rbac.ownNamespaceRules" -}}
# leader election: the Lease neuralforge-operator-leader
- apiGroups: [coordination.k8s.io]
  resources: [leases]
  verbs: [get, create, update, patch]
# the GPU ledgers: one ConfigMap per tenant namespace, here, where no tenant writes
- apiGroups: [""]
  resources: [configmaps]
  verbs: [get, list, watch, create, update, patch]
{{- end -}}
