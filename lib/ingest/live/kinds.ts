// The kinds the live source reads, in snapshot order. This table is the single source
// of truth for what packetpath asks the API server for: the reflectors, the one-shot
// capture, the RBAC hints, the deploy ClusterRole test and the air-gapped `kubectl get`
// command in the docs all derive from it. Secrets are deliberately absent.

export interface WatchedKind {
  /** Unique id shown in status: the kind, or `ConfigMap NS/NAME` for the single ConfigMaps. */
  readonly id: string;
  readonly kind: string;
  /** API group; '' for the core group. */
  readonly group: string;
  /** Versions to try in order; the first one the server serves wins. */
  readonly versions: readonly string[];
  readonly plural: string;
  readonly namespaced: boolean;
  /** CRD kinds: a 404 means "not installed", reported as absent rather than as an error. */
  readonly optional: boolean;
  /** Restricts a namespaced kind to one object (ConfigMaps: read only the settings we need). */
  readonly only?: { readonly namespace: string; readonly name: string };
}

function kind(
  kindName: string,
  group: string,
  versions: readonly string[],
  plural: string,
  namespaced: boolean,
  optional = false,
): WatchedKind {
  return { id: kindName, kind: kindName, group, versions, plural, namespaced, optional };
}

function calicoKind(kindName: string, plural: string, namespaced: boolean): WatchedKind {
  return {
    ...kind(kindName, 'crd.projectcalico.org', ['v1'], plural, namespaced, true),
    id: `${kindName}.crd.projectcalico.org`,
  };
}

function configMap(namespace: string, name: string): WatchedKind {
  return {
    id: `ConfigMap ${namespace}/${name}`,
    kind: 'ConfigMap',
    group: '',
    versions: ['v1'],
    plural: 'configmaps',
    namespaced: true,
    optional: false,
    only: { namespace, name },
  };
}

/**
 * ConfigMaps holding network settings the engine reads (domain notes): kube-proxy mode,
 * Flannel's net-conf.json (kube-system in older manifests, kube-flannel in current ones),
 * Cilium's agent config, MetalLB's legacy (≤ 0.12) config, the ingress-nginx controller's
 * ConfigMap. Nothing else is read.
 */
export const SETTINGS_CONFIGMAPS: ReadonlyArray<{ readonly namespace: string; readonly name: string }> = [
  { namespace: 'kube-system', name: 'kube-proxy' },
  { namespace: 'kube-system', name: 'kube-flannel-cfg' },
  { namespace: 'kube-flannel', name: 'kube-flannel-cfg' },
  { namespace: 'kube-system', name: 'cilium-config' },
  { namespace: 'metallb-system', name: 'config' },
  // ingress-nginx's controller ConfigMap (chart name): forwarded headers, PROXY protocol, redirects, allowlist.
  { namespace: 'ingress-nginx', name: 'ingress-nginx-controller' },
  // NodeLocal DNSCache: the Corefile's `bind` says which addresses the node answers DNS on.
  { namespace: 'kube-system', name: 'node-local-dns' },
];

export const WATCHED_KINDS: readonly WatchedKind[] = [
  kind('Namespace', '', ['v1'], 'namespaces', false),
  kind('Node', '', ['v1'], 'nodes', false),
  kind('Pod', '', ['v1'], 'pods', true),
  kind('Service', '', ['v1'], 'services', true),
  kind('EndpointSlice', 'discovery.k8s.io', ['v1'], 'endpointslices', true),
  kind('NetworkPolicy', 'networking.k8s.io', ['v1'], 'networkpolicies', true),
  kind('Deployment', 'apps', ['v1'], 'deployments', true),
  kind('ReplicaSet', 'apps', ['v1'], 'replicasets', true),
  kind('StatefulSet', 'apps', ['v1'], 'statefulsets', true),
  kind('DaemonSet', 'apps', ['v1'], 'daemonsets', true),
  kind('Job', 'batch', ['v1'], 'jobs', true),
  kind('CronJob', 'batch', ['v1'], 'cronjobs', true),
  ...SETTINGS_CONFIGMAPS.map((c) => configMap(c.namespace, c.name)),
  kind('Ingress', 'networking.k8s.io', ['v1'], 'ingresses', true),
  kind('IngressClass', 'networking.k8s.io', ['v1'], 'ingressclasses', false),
  kind('GatewayClass', 'gateway.networking.k8s.io', ['v1', 'v1beta1'], 'gatewayclasses', false, true),
  kind('Gateway', 'gateway.networking.k8s.io', ['v1', 'v1beta1'], 'gateways', true, true),
  kind('HTTPRoute', 'gateway.networking.k8s.io', ['v1', 'v1beta1'], 'httproutes', true, true),
  kind('ReferenceGrant', 'gateway.networking.k8s.io', ['v1', 'v1beta1'], 'referencegrants', true, true),
  kind('IPAddressPool', 'metallb.io', ['v1beta1'], 'ipaddresspools', true, true),
  kind('L2Advertisement', 'metallb.io', ['v1beta1'], 'l2advertisements', true, true),
  kind('BGPAdvertisement', 'metallb.io', ['v1beta1'], 'bgpadvertisements', true, true),
  kind('ServiceL2Status', 'metallb.io', ['v1beta1'], 'servicel2statuses', true, true),
  kind('IPPool', 'crd.projectcalico.org', ['v1'], 'ippools', false, true),
  kind('Installation', 'operator.tigera.io', ['v1'], 'installations', false, true),
  kind('FelixConfiguration', 'crd.projectcalico.org', ['v1'], 'felixconfigurations', false, true),
  kind('BGPConfiguration', 'crd.projectcalico.org', ['v1'], 'bgpconfigurations', false, true),
  // Calico policy, from the CRDs every Calico install has (the projectcalico.org/v3
  // API server is optional); ids carry the group because NetworkPolicy is taken.
  calicoKind('Tier', 'tiers', false),
  calicoKind('NetworkPolicy', 'networkpolicies', true),
  calicoKind('GlobalNetworkPolicy', 'globalnetworkpolicies', false),
  calicoKind('Profile', 'profiles', false),
  calicoKind('HostEndpoint', 'hostendpoints', false),
  calicoKind('GlobalNetworkSet', 'globalnetworksets', false),
  calicoKind('NetworkSet', 'networksets', true),
  kind('ServiceAccount', '', ['v1'], 'serviceaccounts', true),
  kind('AdminNetworkPolicy', 'policy.networking.k8s.io', ['v1alpha1'], 'adminnetworkpolicies', false, true),
  kind(
    'BaselineAdminNetworkPolicy',
    'policy.networking.k8s.io',
    ['v1alpha1'],
    'baselineadminnetworkpolicies',
    false,
    true,
  ),
  kind(
    'ClusterNetworkPolicy',
    'policy.networking.k8s.io',
    ['v1alpha2'],
    'clusternetworkpolicies',
    false,
    true,
  ),
  kind('CiliumNetworkPolicy', 'cilium.io', ['v2'], 'ciliumnetworkpolicies', true, true),
  kind(
    'CiliumClusterwideNetworkPolicy',
    'cilium.io',
    ['v2'],
    'ciliumclusterwidenetworkpolicies',
    false,
    true,
  ),
  kind('CiliumCIDRGroup', 'cilium.io', ['v2', 'v2alpha1'], 'ciliumcidrgroups', false, true),
];

export function apiVersionOf(k: WatchedKind, version: string): string {
  return k.group ? `${k.group}/${version}` : version;
}

/** The collection path for list and watch (cluster-wide, or the one namespace of `only`). */
export function collectionPath(k: WatchedKind, version: string): string {
  const base = k.group ? `/apis/${k.group}/${version}` : `/api/${version}`;
  return k.only
    ? `${base}/namespaces/${encodeURIComponent(k.only.namespace)}/${k.plural}`
    : `${base}/${k.plural}`;
}

/** Query parameters that narrow a collection (a field selector on the one name). */
export function collectionQuery(k: WatchedKind): Record<string, string> {
  return k.only ? { fieldSelector: `metadata.name=${k.only.name}` } : {};
}

/** RBAC resource as written in a rule: `networkpolicies.networking.k8s.io`, `pods`. */
export function rbacResource(k: WatchedKind): string {
  return k.group ? `${k.plural}.${k.group}` : k.plural;
}

/** The hint shown when the API server answers 403 for a kind. */
export function rbacHint(k: WatchedKind): string {
  const where = k.only ? ` (resourceNames: ${k.only.name}, namespace ${k.only.namespace})` : '';
  return `grant list/watch on ${rbacResource(k)}${where}`;
}
