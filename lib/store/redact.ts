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
  'ingress-nginx-controller': [
    'use-forwarded-headers',
    'use-proxy-protocol',
    'compute-full-forwarded-for',
    'ssl-redirect',
    'force-ssl-redirect',
    'http-redirect-code',
    'whitelist-source-range',
  ],
};

/**
 * Annotations are kept only when the engine reads them (an allowlist: a short annotation
 * can hold a credential as easily as a long one). Each entry is a key prefix ending in
 * `/` or `.`, or one exact key. Found by reading every `annotations[...]` lookup in
 * lib/engine and lib/ingest; add the key here when the engine starts reading a new one.
 */
const KEEP_ANNOTATION_PREFIXES = [
  // CNIs: Calico node addresses, Flannel backend, Cilium settings.
  'projectcalico.org/',
  'flannel.alpha.coreos.com/',
  'io.cilium/',
  'cilium.io/',
  // Cilium's cilium_host address on the Node (lib/engine/trace/node-source.ts).
  'network.cilium.io/',
  'io.cilium.network.',
  // Load balancers: MetalLB pools, cloud LB settings.
  'metallb.universe.tf/',
  'metallb.io/',
  'service.beta.kubernetes.io/',
  'service.kubernetes.io/',
  // L7 controllers: ingress-nginx routing annotations (regex, rewrite, redirects, allowlists,
  // upstream mode: lib/engine/trace/l7-nginx.ts, l7-controllers.ts); credentials in kept
  // values (URL userinfo) are scrubbed below.
  'nginx.ingress.kubernetes.io/',
  'nginx.org/use-cluster-ip',
  'traefik.ingress.kubernetes.io/service.nativelb',
  // IngressClass default and the legacy class annotation (lib/engine/trace/l7-objects.ts, derived-index.ts).
  'ingressclass.kubernetes.io/is-default-class',
  'kubernetes.io/ingress.class',
  // packetpath's own settings (lib/engine/platform/mtu.ts).
  'packetpath.dev/',
];

function annotationKept(key: string): boolean {
  return KEEP_ANNOTATION_PREFIXES.some((p) =>
    p.endsWith('/') || p.endsWith('.') ? key.startsWith(p) : key === p,
  );
}

const MAX_ANNOTATION_LENGTH = 512;
const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'];

function refOf(obj: KubeObject): ObjectRef {
  return {
    kind: obj.kind,
    name: obj.metadata?.name ?? obj.metadata?.generateName ?? '(unnamed)',
    ...(obj.metadata?.namespace ? { namespace: obj.metadata.namespace } : {}),
  };
}

/** Secret itself, plus SealedSecret / ExternalSecret / SecretStore / ...: they only carry credentials. */
export function isSecretKind(kind: unknown): boolean {
  return typeof kind === 'string' && /secret/i.test(kind);
}

function annotationDropReason(key: string, value: string): string | undefined {
  if (key.endsWith('/last-applied-configuration'))
    return 'a full copy of the object as last applied (may hold secrets)';
  if (!annotationKept(key)) return 'annotation the trace does not read';
  if (
    value.length > MAX_ANNOTATION_LENGTH &&
    !key.startsWith('flannel.alpha.coreos.com/') &&
    !key.startsWith('projectcalico.org/')
  ) {
    return `data-carrying annotation (${value.length} characters)`;
  }
  return undefined;
}

function redactAnnotations(obj: KubeObject, removed: Removal[]): KubeObject {
  const annotations = obj.metadata?.annotations;
  const hasManaged = obj.metadata && 'managedFields' in obj.metadata;
  if (!annotations && !hasManaged) return obj;
  const kept: Record<string, string> = {};
  for (const [key, value] of Object.entries(annotations ?? {})) {
    const reason = annotationDropReason(key, String(value));
    if (reason) {
      removed.push({ ref: refOf(obj), field: `metadata.annotations.${key}`, reason });
      continue;
    }
    const scrubbed = scrubString(String(value));
    if (scrubbed !== value)
      removed.push({
        ref: refOf(obj),
        field: `metadata.annotations.${key}`,
        reason: 'credential inside the value',
      });
    kept[key] = scrubbed;
  }
  const { managedFields: _managed, ...metadata } = obj.metadata;
  if (hasManaged)
    removed.push({
      ref: refOf(obj),
      field: 'metadata.managedFields',
      reason: 'server bookkeeping, not needed to trace',
    });
  return { ...obj, metadata: annotations ? { ...metadata, annotations: kept } : metadata };
}

function redactConfigMap(obj: KubeObject, removed: Removal[]): KubeObject {
  if (obj.kind !== 'ConfigMap') return obj;
  const keep = CONFIGMAP_KEEP[obj.metadata?.name ?? ''];
  const data = (obj.data ?? {}) as Record<string, unknown>;
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (keep === '*' || keep?.includes(key)) {
      const scrubbed = scrubPasswords(value);
      if (scrubbed !== value)
        removed.push({ ref: refOf(obj), field: `data.${key}`, reason: 'credential inside the value' });
      kept[key] = scrubbed;
    } else
      removed.push({
        ref: refOf(obj),
        field: `data.${key}`,
        reason: 'ConfigMap data the trace does not read',
      });
  }
  const { binaryData, ...rest } = obj;
  if (binaryData !== undefined)
    removed.push({ ref: refOf(obj), field: 'binaryData', reason: 'binary ConfigMap data' });
  return obj.data === undefined ? rest : { ...rest, data: kept };
}

/** MetalLB's legacy config can hold BGP passwords inline; any value can hold a URL with a password. */
function scrubPasswords(value: unknown): unknown {
  return typeof value === 'string'
    ? scrubString(value.replace(/^(\s*-?\s*password\s*:\s*).+$/gim, `$1${REDACTED}`))
    : value;
}

// `scheme://user:PASSWORD@host`: the password part of URL userinfo (RFC 3986 §3.2.1).
const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^\s:/@'"]*:)([^\s@/'"]+)(@)/gi;
// `PGPASSWORD=value` inside a string (a shell line in `sh -c`): names that say secret.
const SECRET_ASSIGNMENT =
  /(\b[A-Za-z_][A-Za-z0-9_]*(?:PASSWORD|PASSWD|PASSPHRASE|_PASS|SECRET|TOKEN|API_?KEY|APIKEY|CREDENTIALS?|PRIVATE_?KEY)[A-Za-z0-9_]*=)("[^"]*"|'[^']*'|[^\s;&|'"]+)/gi;

/** Replaces URL passwords and secret-named `NAME=value` assignments inside a string. */
export function scrubString(value: string): string {
  return value
    .replace(URL_PASSWORD, (_m, head: string, pass: string, at: string) =>
      pass === REDACTED ? `${head}${pass}${at}` : `${head}${REDACTED}${at}`,
    )
    .replace(SECRET_ASSIGNMENT, (_m, head: string) => `${head}${REDACTED}`);
}

/**
 * Walks `node`: replaces `env[].value` in every container list, and scrubs every
 * `args` / `command` list (containers, exec probes, lifecycle hooks) wherever it sits.
 */
function redactEnv(node: unknown, path: string, ref: ObjectRef, removed: Removal[]): unknown {
  if (Array.isArray(node)) return node.map((item, i) => redactEnv(item, `${path}[${i}]`, ref, removed));
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    const childPath = path ? `${path}.${key}` : key;
    if (CONTAINER_LISTS.includes(key) && Array.isArray(value)) {
      out[key] = value.map((c: unknown, i: number) => redactContainer(c, `${childPath}[${i}]`, ref, removed));
    } else if ((key === 'args' || key === 'command') && Array.isArray(value)) {
      out[key] = redactArgs(value, childPath, ref, removed);
    } else {
      out[key] = redactEnv(value, childPath, ref, removed);
    }
  }
  return out;
}

// Flags whose value is a credential. The engine reads other flags (flannel's --ip-masq,
// kube-proxy's --proxy-mode), so arguments are scrubbed by name, never dropped whole.
const SECRET_FLAG = /^(--?[\w.-]*(?:password|passwd|secret|token|api-?key|credential)[\w.-]*)(?:=(.*))?$/i;
// `-p VALUE` / `-pVALUE` is a password for mysql, redis-cli, pg tools' siblings; a number
// after it is a port (`-p 8080`) and is kept.
const SHORT_P = /^-p(.*)$/;
const isPort = (v: string): boolean => /^\d{1,5}(?::\d{1,5})?(?:\/(?:tcp|udp|sctp))?$/i.test(v);

/**
 * Replaces credential values in `args` / `command`: `--flag=value`, `--flag value`,
 * `-p VALUE`, `-pVALUE`, URL passwords and `NAME=value` inside any argument (`sh -c "…"`).
 */
function redactArgs(list: unknown, path: string, ref: ObjectRef, removed: Removal[]): unknown {
  if (!Array.isArray(list)) return list;
  let valueNext = false;
  return list.map((arg: unknown, i: number) => {
    if (typeof arg !== 'string') return arg;
    const field = `${path}[${i}]`;
    if (valueNext) {
      valueNext = false;
      if (arg === REDACTED) return arg;
      removed.push({ ref, field, reason: 'credential passed as a command-line argument' });
      return REDACTED;
    }
    const m = SECRET_FLAG.exec(arg);
    if (m) {
      if (m[2] === undefined) {
        valueNext = true;
        return arg;
      }
      if (m[2] !== REDACTED) removed.push({ ref, field, reason: `value of command-line flag ${m[1]}` });
      return `${m[1]}=${REDACTED}`;
    }
    const p = SHORT_P.exec(arg);
    if (p) {
      const rest = p[1] ?? '';
      if (rest === '') {
        const next = list[i + 1];
        if (typeof next === 'string' && !next.startsWith('-') && !isPort(next)) valueNext = true;
        return arg;
      }
      if (!isPort(rest) && rest !== REDACTED) {
        removed.push({ ref, field, reason: 'value of command-line flag -p' });
        return `-p${REDACTED}`;
      }
      return arg;
    }
    const scrubbed = scrubString(arg);
    if (scrubbed !== arg) removed.push({ ref, field, reason: 'credential inside a command-line argument' });
    return scrubbed;
  });
}

function redactContainer(container: unknown, path: string, ref: ObjectRef, removed: Removal[]): unknown {
  if (container === null || typeof container !== 'object') return container;
  const { env, ...rest } = container as Record<string, unknown>;
  // args, command and probes' exec commands go through the walker.
  const walked = redactEnv(rest, path, ref, removed) as Record<string, unknown>;
  if (env === undefined) return walked;
  if (!Array.isArray(env)) return { ...walked, env };
  const cleaned = env.map((e: unknown, i: number) => {
    if (e === null || typeof e !== 'object') return e;
    const v = e as Record<string, unknown>;
    if (typeof v.value !== 'string' || v.value === '' || v.value === REDACTED) return v;
    removed.push({
      ref,
      field: `${path}.env[${i}].value`,
      reason: `value of environment variable ${String(v.name)}`,
    });
    return { ...v, value: REDACTED };
  });
  return { ...walked, env: cleaned };
}

function redactBgpPassword(obj: KubeObject, removed: Removal[]): KubeObject {
  const spec = obj.spec as Record<string, unknown> | undefined;
  if (obj.kind !== 'BGPPeer' || typeof spec?.password !== 'string' || spec.password === REDACTED) return obj;
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
      removed.push({
        ref: refOf(obj),
        field: '(whole object)',
        reason: `${obj.kind} objects are never stored`,
      });
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

/** One object as it would be stored: redacted, or undefined for a Secret-like kind. */
export function redactObject(obj: KubeObject): KubeObject | undefined {
  return redactSnapshot({ meta: { kind: 'upload', title: '' }, settings: {}, objects: [obj] }).snapshot
    .objects[0];
}
