// The benchmark clusters S (1k pods), M (10k) and L (50k pods, 5k Services with their
// EndpointSlices, 2k NetworkPolicies, 500 nodes, 300 namespaces), laid out by the scenario
// generator (lib/scenarios/generate/large-cluster.ts: default deny + DNS per namespace,
// app-to-app allows, ipBlock egress, ingress-nginx Ingresses, Envoy Gateway HTTPRoutes) and
// then dressed as `kubectl get -A -o yaml` returns them from a real API server: every object
// carries metadata.managedFields (one entry per field manager, FieldsV1 trees mirroring the
// fields they own, a separate kubelet entry for a Pod's status subresource) and objects made
// with `kubectl apply` carry the last-applied-configuration annotation. kubectl ≥ 1.21 hides
// managedFields unless --show-managed-fields, but client libraries, older kubectl and
// `kubectl get --raw` do not, so the dumps take the larger shape.
//
// Dumps are written to a cache directory (PACKETPATH_BENCH_DIR, default
// $TMPDIR/packetpath-bench), never into the repository, streamed object by object so a
// 50k-pod dump never exists as one string. Deterministic: the same size gives the same bytes.

import { createHash } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { generateLargeCluster, type LargeClusterParams } from '../lib/scenarios/generate/large-cluster';
import type { KubeObject } from '../lib/model/types';

export type BenchSize = 'S' | 'M' | 'L';

export const BENCH_CLUSTERS: Readonly<Record<BenchSize, LargeClusterParams>> = {
  S: {
    seed: 'packetpath-bench',
    nodes: 20,
    namespaces: 30,
    pods: 1000,
    services: 300,
    policies: 120,
    kubeProxyMode: 'iptables',
    encapsulation: 'VXLAN',
    ipBlockEvery: 5,
    edge: { ingresses: 20, httpRoutes: 20 },
  },
  M: {
    seed: 'packetpath-bench',
    nodes: 100,
    namespaces: 100,
    pods: 10_000,
    services: 1000,
    policies: 500,
    kubeProxyMode: 'iptables',
    encapsulation: 'VXLAN',
    ipBlockEvery: 5,
    edge: { ingresses: 100, httpRoutes: 100 },
  },
  L: {
    seed: 'packetpath-bench',
    nodes: 500,
    namespaces: 300,
    pods: 50_000,
    services: 5000,
    policies: 2000,
    kubeProxyMode: 'iptables',
    encapsulation: 'VXLAN',
    ipBlockEvery: 5,
    edge: { ingresses: 300, httpRoutes: 300 },
  },
};

/** Bumped whenever the dump format changes, so stale cached dumps are rewritten. */
const DUMP_VERSION = 2;

export function benchDir(): string {
  return process.env.PACKETPATH_BENCH_DIR ?? join(tmpdir(), 'packetpath-bench');
}

/** The cluster's objects without the API server's bookkeeping (what the builders produce). */
export function benchObjects(size: BenchSize): KubeObject[] {
  return generateLargeCluster(BENCH_CLUSTERS[size]);
}

const TIME = '2026-01-05T08:00:00Z';
/** Kinds people create with `kubectl apply` (and so carry last-applied-configuration). */
const APPLIED = new Set([
  'Namespace',
  'Service',
  'NetworkPolicy',
  'Deployment',
  'DaemonSet',
  'StatefulSet',
  'Ingress',
  'HTTPRoute',
  'Gateway',
  'GatewayClass',
  'ConfigMap',
  'IngressClass',
]);

/** A FieldsV1 tree for `value`: `f:<field>` for map keys, `k:{"name":...}` for keyed list items. */
function fieldsOf(value: unknown, depth: number): Record<string, unknown> {
  if (depth > 6 || value === null || typeof value !== 'object') return {};
  const out: Record<string, unknown> = {};
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      const rec =
        item && typeof item === 'object' && !Array.isArray(item)
          ? (item as Record<string, unknown>)
          : undefined;
      const key =
        rec && 'uid' in rec
          ? `k:${JSON.stringify({ uid: rec.uid })}`
          : rec && 'name' in rec
            ? `k:${JSON.stringify({ name: rec.name })}`
            : `i:${i}`;
      out[key] = { '.': {}, ...fieldsOf(item, depth + 1) };
    });
    return out;
  }
  for (const [k, v] of Object.entries(value)) out[`f:${k}`] = fieldsOf(v, depth + 1);
  return out;
}

/** The object as the API server returns it: managedFields, and last-applied for applied kinds. */
export function asServed(o: KubeObject): KubeObject {
  const { metadata, ...rest } = o;
  const body = Object.fromEntries(
    Object.entries(rest).filter(([k]) => k !== 'apiVersion' && k !== 'kind' && k !== 'status'),
  );
  const status = (o as { status?: unknown }).status;
  const applied = APPLIED.has(o.kind);
  const ownedMeta: Record<string, unknown> = {};
  if (metadata.labels) ownedMeta['f:labels'] = fieldsOf(metadata.labels, 1);
  if (metadata.ownerReferences) ownedMeta['f:ownerReferences'] = fieldsOf(metadata.ownerReferences, 1);
  const annotations = { ...(metadata.annotations ?? {}) };
  if (applied) {
    annotations['kubectl.kubernetes.io/last-applied-configuration'] =
      `${JSON.stringify({ apiVersion: o.apiVersion, kind: o.kind, metadata: { labels: metadata.labels, name: metadata.name, namespace: metadata.namespace }, ...body })}\n`;
    ownedMeta['f:annotations'] = { '.': {}, 'f:kubectl.kubernetes.io/last-applied-configuration': {} };
  }
  const managedFields: Record<string, unknown>[] = [
    {
      apiVersion: o.apiVersion,
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:metadata': ownedMeta, ...fieldsOf(body, 0) },
      manager: applied
        ? 'kubectl-client-side-apply'
        : o.kind === 'Node'
          ? 'kubelet'
          : 'kube-controller-manager',
      operation: 'Update',
      time: TIME,
    },
  ];
  if (status !== undefined) {
    managedFields.push({
      apiVersion: o.apiVersion,
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:status': fieldsOf(status, 1) },
      manager: o.kind === 'Pod' ? 'kubelet' : 'kube-controller-manager',
      operation: 'Update',
      subresource: 'status',
      time: TIME,
    });
  }
  return {
    ...o,
    metadata: {
      ...metadata,
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
      managedFields,
    } as KubeObject['metadata'],
  };
}

// ---- YAML as kubectl prints it (2-space maps, sequences at their key's indentation) ----

const PLAIN = /^[A-Za-z0-9_/$][A-Za-z0-9_./:@$+=-]*(?: [A-Za-z0-9_./@$+=()[\],-]+)*$/;
const RESERVED =
  /^(?:true|false|yes|no|on|off|y|n|null|~|[-+]?(?:\d[\d_]*)?(?:\.\d*)?(?:e[-+]?\d+)?|0x[0-9a-f]+|0o[0-7]+|\.inf|\.nan)$/i;

function scalar(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const s = String(v);
  if (s !== '' && PLAIN.test(s) && !RESERVED.test(s) && !s.includes(': ') && !s.endsWith(':')) return s;
  return JSON.stringify(s);
}

function isEmptyCollection(v: unknown): string | undefined {
  if (Array.isArray(v) && v.length === 0) return '[]';
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0) return '{}';
  return undefined;
}

function emitMap(out: string[], map: Record<string, unknown>, indent: string, first?: string): void {
  let lead = first;
  for (const [k, v] of Object.entries(map)) {
    if (v === undefined) continue;
    const key = `${lead ?? indent}${scalar(k)}:`;
    lead = undefined;
    const empty = isEmptyCollection(v);
    if (empty) out.push(`${key} ${empty}`);
    else if (Array.isArray(v)) {
      out.push(key);
      emitSeq(out, v, indent);
    } else if (v !== null && typeof v === 'object') {
      out.push(key);
      emitMap(out, v as Record<string, unknown>, `${indent}  `);
    } else if (typeof v === 'string' && v.includes('\n') && /^[\x20-\x7e\n]*$/.test(v) && !/^ /.test(v)) {
      // go-yaml's emitter writes a string holding a newline in literal style, chomping by
      // its trailing newlines (`|-` none, `|` one, `|+` more): last-applied-configuration
      // comes out as `|` and the JSON on the line below.
      const trailing = /\n*$/.exec(v)![0].length;
      out.push(`${key} |${trailing === 0 ? '-' : trailing > 1 ? '+' : ''}`);
      const body = trailing > 0 ? v.slice(0, -1) : v;
      for (const line of body.split('\n')) out.push(line === '' ? '' : `${indent}  ${line}`);
    } else out.push(`${key} ${scalar(v)}`);
  }
}

function emitSeq(out: string[], seq: readonly unknown[], indent: string): void {
  for (const item of seq) {
    const empty = isEmptyCollection(item);
    if (empty) out.push(`${indent}- ${empty}`);
    else if (Array.isArray(item)) {
      out.push(`${indent}-`);
      emitSeq(out, item, `${indent}  `);
    } else if (item !== null && typeof item === 'object')
      emitMap(out, item as Record<string, unknown>, `${indent}  `, `${indent}- `);
    else out.push(`${indent}- ${scalar(item)}`);
  }
}

/** One object as an item of `items:` in a `kind: List` (kubectl's layout). */
export function yamlListItem(o: KubeObject): string {
  const out: string[] = [];
  emitMap(out, o as unknown as Record<string, unknown>, '  ', '- ');
  return `${out.join('\n')}\n`;
}

export interface BenchDumps {
  readonly size: BenchSize;
  readonly json: string;
  readonly yaml: string;
  readonly jsonGz: string;
  readonly yamlGz: string;
  readonly objects: number;
}

function write(path: string, parts: Iterable<string>): Promise<void> {
  const tmp = `${path}.tmp`;
  const out = createWriteStream(tmp);
  return pipeline(function* () {
    for (const p of parts) yield p;
  }, out).then(() => renameSync(tmp, path));
}

async function gzip(from: string, to: string): Promise<void> {
  await pipeline(createReadStream(from), createGzip({ level: 6 }), createWriteStream(`${to}.tmp`));
  renameSync(`${to}.tmp`, to);
}

/**
 * The size's dumps (`kind: List` as JSON, YAML and their gzip), written once per machine
 * and reused: `<dir>/<size>-<hash>.{json,yaml}[.gz]`.
 */
export async function benchDumps(
  size: BenchSize,
  log: (line: string) => void = () => {},
): Promise<BenchDumps> {
  const hash = createHash('sha256')
    .update(JSON.stringify({ v: DUMP_VERSION, p: BENCH_CLUSTERS[size] }))
    .digest('hex')
    .slice(0, 10);
  const dir = benchDir();
  mkdirSync(dir, { recursive: true });
  const base = join(dir, `${size}-${hash}`);
  const d: BenchDumps = {
    size,
    json: `${base}.json`,
    yaml: `${base}.yaml`,
    jsonGz: `${base}.json.gz`,
    yamlGz: `${base}.yaml.gz`,
    objects: 0,
  };
  const countFile = `${base}.count`;
  if ([d.json, d.yaml, d.jsonGz, d.yamlGz, countFile].every((f) => existsSync(f))) {
    return { ...d, objects: Number(readFileSync(countFile, 'utf8')) };
  }
  const t0 = performance.now();
  const objects = benchObjects(size);
  log(`bench: generating ${size} (${objects.length} objects) into ${dir}`);
  await write(
    d.json,
    (function* () {
      yield '{"apiVersion":"v1","kind":"List","metadata":{"resourceVersion":""},"items":[';
      for (let i = 0; i < objects.length; i++) yield (i ? ',' : '') + JSON.stringify(asServed(objects[i]!));
      yield ']}\n';
    })(),
  );
  await write(
    d.yaml,
    (function* () {
      yield 'apiVersion: v1\nitems:\n';
      for (const o of objects) yield yamlListItem(asServed(o));
      yield 'kind: List\nmetadata:\n  resourceVersion: ""\n';
    })(),
  );
  await gzip(d.json, d.jsonGz);
  await gzip(d.yaml, d.yamlGz);
  writeFileSync(countFile, String(objects.length));
  log(
    `bench: ${size} written in ${((performance.now() - t0) / 1000).toFixed(1)} s: JSON ${mb(statSync(d.json).size)}, YAML ${mb(statSync(d.yaml).size)}`,
  );
  return { ...d, objects: objects.length };
}

/**
 * A `kind: List` of `count` bare Pods in 100 namespaces and no NetworkPolicy, as JSON
 * (kubectl's layout): every pod is its own peer and every pair is allowed, so its reach
 * has count × (count - 1) pairs, the worst case of an answer's size (a 7,059-pod dump of
 * bare pods is ~50 million pairs). Deterministic; not cached (fast to make).
 */
export function barePodList(count: number): string {
  const items: string[] = [];
  for (let i = 0; i < count; i++) {
    const ns = `ns-${i % 100}`;
    const ip = `10.${16 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`;
    items.push(
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `pod-${i}`, namespace: ns, uid: `uid-${i}`, labels: { app: `app-${i % 500}` } },
        spec: {
          nodeName: `node-${i % 50}`,
          containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 8080, protocol: 'TCP' }] }],
        },
        status: { phase: 'Running', podIP: ip, podIPs: [{ ip }] },
      }),
    );
  }
  return `{"apiVersion":"v1","kind":"List","metadata":{"resourceVersion":""},"items":[${items.join(',')}]}\n`;
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

// `npx tsx bench/clusters.ts S M L` writes (or finds) the dumps and prints their paths.
if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const sizes = (process.argv.slice(2).length ? process.argv.slice(2) : ['S', 'M', 'L']) as BenchSize[];
  for (const s of sizes) {
    const d = await benchDumps(s, (l) => process.stdout.write(`${l}\n`));
    process.stdout.write(
      `${s}: ${d.objects} objects\n  ${d.json}\n  ${d.yaml}\n  ${d.jsonGz}\n  ${d.yamlGz}\n`,
    );
  }
}
