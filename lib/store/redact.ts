// Redaction before a snapshot leaves the user's hands (a share link or a saved snapshot):
// keep what the engine reads, drop what could leak credentials or private data, and say
// exactly what was removed so the sharer can see it. Pure: no I/O.

import type { KubeObject, ObjectRef, Snapshot } from '../model/types';

export interface Removal {
  readonly ref: ObjectRef;
  /** Field path inside the object, e.g. `data.password` or `spec.containers[0].env[1].value`. */
  readonly field: string;
  readonly reason: string;
}

export interface RedactResult {
  readonly snapshot: Snapshot;
  readonly removed: readonly Removal[];
}

/** What a removed environment variable value is replaced with. */
export const REDACTED = '(redacted)';

/**
 * ConfigMap keys the engine reads, by ConfigMap name. `'*'` keeps every key (ConfigMaps
 * made only of network settings). Everything else in `data` is dropped.
 */
const CONFIGMAP_KEEP: Readonly<Record<string, readonly string[] | '*'>> = {
  'kube-proxy': ['config.conf'],
  'kube-flannel-cfg': ['net-conf.json', 'cni-conf.json'],
  'cilium-config': '*',
  'calico-config': ['veth_mtu', 'calico_backend', 'cni_network_config'],
  config: ['config'], // MetalLB ≤ 0.12 (metallb-system/config)
  'kubeadm-config': ['ClusterConfiguration'],
  // ingress-nginx controller ConfigMap (chart name): the keys that decide redirects, the
  // allowlist and which address nginx takes as the client.
  // NodeLocal DNSCache: the Corefile's `bind` names the addresses the cache answers on.
  'node-local-dns': ['Corefile'],
  'ingress-nginx-controller': ['use-forwarded-headers', 'use-proxy-protocol', 'compute-full-forwarded-for', 'ssl-redirect', 'force-ssl-redirect', 'http-redirect-code', 'whitelist-source-range'],
};

/** Annotation prefixes written by CNIs and load balancers: small settings the engine reads. */
const KEEP_ANNOTATION_PREFIXES = [
  'projectcalico.org/',
  'flannel.alpha.coreos.com/',
  'metallb.universe.tf/',
  'metallb.io/',
  'io.cilium/',
  'cilium.io/',
  'service.beta.kubernetes.io/',
  'service.kubernetes.io/',
];

const MAX_ANNOTATION_LENGTH = 512;
const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'];

function refOf(obj: KubeObject): ObjectRef {
  return {
    kind: obj.kind,
    name: obj.metadata?.name ?? obj.metadata?.generateName ?? '(unnamed)',
    ...(obj.metadata?.namespace ? { namespace: obj.metadata.namespace } : {}),
  };
}

function isSecretKind(kind: string): boolean {
  // Secret itself, plus SealedSecret / ExternalSecret / ... which only carry credentials.
  return /secret$/i.test(kind);
}

function annotationDropReason(key: string, value: string): string | undefined {
  if (key.endsWith('/last-applied-configuration')) return 'a full copy of the object as last applied (may hold secrets)';
  const networking = KEEP_ANNOTATION_PREFIXES.some((p) => key.startsWith(p));
  if (value.length > MAX_ANNOTATION_LENGTH && !networking) return `data-carrying annotation (${value.length} characters)`;
  if (!networking && /^\s*[{[]/.test(value)) return 'data-carrying annotation (JSON)';
  return undefined;
}

function redactAnnotations(obj: KubeObject, removed: Removal[]): KubeObject {
  const annotations = obj.metadata?.annotations;
  const hasManaged = obj.metadata && 'managedFields' in obj.metadata;
  if (!annotations && !hasManaged) return obj;
  const kept: Record<string, string> = {};
  for (const [key, value] of Object.entries(annotations ?? {})) {
    const reason = annotationDropReason(key, String(value));
    if (reason) removed.push({ ref: refOf(obj), field: `metadata.annotations.${key}`, reason });
    else kept[key] = value;
  }
  const { managedFields: _managed, ...metadata } = obj.metadata;
  if (hasManaged) removed.push({ ref: refOf(obj), field: 'metadata.managedFields', reason: 'server bookkeeping, not needed to trace' });
  return { ...obj, metadata: annotations ? { ...metadata, annotations: kept } : metadata };
}

function redactConfigMap(obj: KubeObject, removed: Removal[]): KubeObject {
  if (obj.kind !== 'ConfigMap') return obj;
  const keep = CONFIGMAP_KEEP[obj.metadata?.name ?? ''];
  const data = (obj.data ?? {}) as Record<string, unknown>;
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (keep === '*' || keep?.includes(key)) kept[key] = scrubPasswords(value);
    else removed.push({ ref: refOf(obj), field: `data.${key}`, reason: 'ConfigMap data the trace does not read' });
  }
  const { binaryData, ...rest } = obj;
  if (binaryData !== undefined) removed.push({ ref: refOf(obj), field: 'binaryData', reason: 'binary ConfigMap data' });
  return obj.data === undefined ? rest : { ...rest, data: kept };
}

/** MetalLB's legacy config can hold BGP passwords inline. */
function scrubPasswords(value: unknown): unknown {
  return typeof value === 'string' ? value.replace(/^(\s*-?\s*password\s*:\s*).+$/gim, `$1${REDACTED}`) : value;
}

/** Replaces `env[].value` in every container list found anywhere under `node`. */
function redactEnv(node: unknown, path: string, ref: ObjectRef, removed: Removal[]): unknown {
  if (Array.isArray(node)) return node.map((item, i) => redactEnv(item, `${path}[${i}]`, ref, removed));
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    const childPath = path ? `${path}.${key}` : key;
    if (CONTAINER_LISTS.includes(key) && Array.isArray(value)) {
      out[key] = value.map((c: unknown, i: number) => redactContainer(c, `${childPath}[${i}]`, ref, removed));
    } else {
      out[key] = redactEnv(value, childPath, ref, removed);
    }
  }
  return out;
}

// Flags whose value is a credential. The engine reads other flags (flannel's --ip-masq,
// kube-proxy's --proxy-mode), so arguments are scrubbed by name, never dropped whole.
const SECRET_FLAG = /^(--?[\w.-]*(?:password|passwd|secret|token|api-?key|credential)[\w.-]*)(?:=(.*))?$/i;

/** Replaces credential values in `args` / `command`, both `--flag=value` and `--flag value`. */
function redactArgs(list: unknown, path: string, ref: ObjectRef, removed: Removal[]): unknown {
  if (!Array.isArray(list)) return list;
  let valueNext = false;
  return list.map((arg: unknown, i: number) => {
    if (typeof arg !== 'string') return arg;
    if (valueNext) {
      valueNext = false;
      removed.push({ ref, field: `${path}[${i}]`, reason: 'credential passed as a command-line argument' });
      return REDACTED;
    }
    const m = SECRET_FLAG.exec(arg);
    if (!m) return arg;
    if (m[2] === undefined) {
      valueNext = true;
      return arg;
    }
    removed.push({ ref, field: `${path}[${i}]`, reason: `value of command-line flag ${m[1]}` });
    return `${m[1]}=${REDACTED}`;
  });
}

function redactContainer(container: unknown, path: string, ref: ObjectRef, removed: Removal[]): unknown {
  if (container === null || typeof container !== 'object') return container;
  let c = container as Record<string, unknown>;
  for (const key of ['args', 'command'] as const) {
    if (Array.isArray(c[key])) c = { ...c, [key]: redactArgs(c[key], `${path}.${key}`, ref, removed) };
  }
  if (!Array.isArray(c.env)) return c;
  const env = c.env.map((e: unknown, i: number) => {
    if (e === null || typeof e !== 'object') return e;
    const v = e as Record<string, unknown>;
    if (typeof v.value !== 'string' || v.value === '' || v.value === REDACTED) return v;
    removed.push({ ref, field: `${path}.env[${i}].value`, reason: `value of environment variable ${String(v.name)}` });
    return { ...v, value: REDACTED };
  });
  return { ...c, env };
}

function redactBgpPassword(obj: KubeObject, removed: Removal[]): KubeObject {
  const spec = obj.spec as Record<string, unknown> | undefined;
  if (obj.kind !== 'BGPPeer' || typeof spec?.password !== 'string') return obj;
  removed.push({ ref: refOf(obj), field: 'spec.password', reason: 'BGP session password' });
  return { ...obj, spec: { ...spec, password: REDACTED } };
}

/**
 * Returns a copy of `snapshot` without Secrets, env var values, data-carrying
 * annotations, managedFields and ConfigMap data the engine does not read, plus the list
 * of what was removed. Everything the engine reads to trace a path is kept unchanged.
 */
export function redactSnapshot(snapshot: Snapshot): RedactResult {
  const removed: Removal[] = [];
  const objects: KubeObject[] = [];
  for (const obj of snapshot.objects) {
    if (isSecretKind(obj.kind)) {
      removed.push({ ref: refOf(obj), field: '(whole object)', reason: `${obj.kind} objects are never stored` });
      continue;
    }
    let next = redactAnnotations(obj, removed);
    next = redactConfigMap(next, removed);
    next = redactBgpPassword(next, removed);
    if (next.spec !== undefined) next = { ...next, spec: redactEnv(next.spec, 'spec', refOf(obj), removed) };
    objects.push(next);
  }
  return { snapshot: { ...snapshot, objects }, removed };
}
