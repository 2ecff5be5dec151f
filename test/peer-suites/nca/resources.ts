// Reads NCA's resource files (namespace lists, pod lists, WorkloadEndpoint / HostEndpoint
// lists, policy files and folders) and turns them into Kubernetes / Calico objects that
// packetpath's ingest reads.
//
// NCA accepts shapes our ingest does not (see network-config-analyzer
// nca/NetworkConfig/TopologyObjectsFinder.py and nca/Parsers/GenericYamlParser.py):
// - list items without `kind` (`NamespaceList` items carry only metadata);
// - a top-level JSON array of lists (`hep_and_wep.json`);
// - JSON with `//` comments (`wdc_wep2.json`, read by NCA's YAML loader);
// - Calico `WorkloadEndpoint` objects standing for pods. A WorkloadEndpoint is the pod
//   as Calico sees it (https://docs.tigera.io/calico/latest/reference/resources/workloadendpoint):
//   `spec.pod` is the pod name, `metadata.namespace` its namespace, `metadata.labels` the
//   labels Calico matches (pod labels plus `projectcalico.org/namespace`,
//   `projectcalico.org/orchestrator`, `projectcalico.org/serviceaccount`),
//   `spec.ipNetworks` its addresses, `spec.ports` its named ports and `spec.profiles` the
//   `kns.<namespace>` / `ksa.<namespace>.<serviceaccount>` profiles. We turn each into a
//   Pod with those labels, IPs, named ports and `spec.serviceAccountName`.
// `HostEndpoint` objects are passed on as they are (ingest reads the Calico kind).

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../../../lib/model/types';

type Json = Record<string, unknown>;
const isMap = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Removes `//` comments outside strings (NCA reads JSON with its YAML loader, which tolerates them in practice). */
function stripJsonComments(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else out += c;
  }
  return out;
}

/** Every document of a YAML or JSON file, top-level arrays and `*List` objects expanded. */
export function readDocuments(file: string): Json[] {
  const text = readFileSync(file, 'utf8');
  let values: unknown[];
  if (/\.json$/i.test(file)) {
    try {
      values = [JSON.parse(text)];
    } catch {
      values = [JSON.parse(stripJsonComments(text))];
    }
  } else {
    values = parseAllDocuments(text).map((d) => d.toJSON() as unknown);
  }
  const out: Json[] = [];
  const expand = (v: unknown, listKind?: string) => {
    if (Array.isArray(v)) {
      for (const x of v) expand(x, listKind);
      return;
    }
    if (!isMap(v)) return;
    const kind = typeof v.kind === 'string' ? v.kind : undefined;
    if (Array.isArray(v.items) && (kind === undefined || kind.endsWith('List'))) {
      const itemKind = kind && kind !== 'List' ? kind.slice(0, -'List'.length) : undefined;
      for (const x of v.items) expand(x, itemKind);
      return;
    }
    if (kind === undefined && listKind) out.push({ ...v, kind: listKind });
    else if (kind !== undefined) out.push(v);
  };
  for (const v of values) expand(v);
  return out;
}

/** The files a source names: a file, a folder's files, or `folder/**` for every file below it. */
export function sourceFiles(source: string): string[] {
  const recursive = source.endsWith('/**');
  const path = recursive ? source.slice(0, -3) : source;
  const info = statSync(path);
  if (info.isFile()) return [path];
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      const s = statSync(full);
      if (s.isDirectory()) {
        if (recursive) walk(full);
      } else if (/\.(ya?ml|json)$/i.test(name)) files.push(full);
    }
  };
  walk(path);
  return files;
}

function workloadEndpointToPod(wep: Json): KubeObject {
  const meta = (isMap(wep.metadata) ? wep.metadata : {}) as Json;
  const spec = (isMap(wep.spec) ? wep.spec : {}) as Json;
  const labels = (isMap(meta.labels) ? meta.labels : {}) as Record<string, string>;
  const ips = (Array.isArray(spec.ipNetworks) ? spec.ipNetworks : []).map((n) =>
    String(n).replace(/\/\d+$/, ''),
  );
  const ports = (Array.isArray(spec.ports) ? spec.ports : []).filter(isMap).map((p) => ({
    name: String(p.name),
    containerPort: Number(p.port),
    protocol: String(p.protocol ?? 'TCP').toUpperCase(),
  }));
  const sa = labels['projectcalico.org/serviceaccount'];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: String(spec.pod ?? meta.name),
      namespace: String(meta.namespace ?? 'default'),
      labels,
      ...(meta.generateName ? { generateName: String(meta.generateName) } : {}),
    },
    spec: {
      ...(spec.node ? { nodeName: String(spec.node) } : {}),
      ...(sa ? { serviceAccountName: sa } : {}),
      containers: [{ name: 'workload', ...(ports.length > 0 ? { ports } : {}) }],
    },
    status: {
      phase: 'Running',
      ...(ips[0] ? { podIP: ips[0], podIPs: ips.map((ip) => ({ ip })) } : {}),
    },
  } as unknown as KubeObject;
}

/** NCA pod lists give `ports: {}` for containers without ports; our validator wants a list. */
function cleanPod(pod: Json): KubeObject {
  const spec = isMap(pod.spec) ? pod.spec : {};
  const containers = (Array.isArray(spec.containers) ? spec.containers : []).filter(isMap).map((c, i) => {
    const { ports, ...rest } = c;
    return {
      name: typeof rest.name === 'string' ? rest.name : `c${i}`,
      ...rest,
      ...(Array.isArray(ports) ? { ports } : {}),
    };
  });
  return { apiVersion: 'v1', ...pod, spec: { ...spec, containers } } as unknown as KubeObject;
}

export interface Topology {
  readonly namespaces: KubeObject[];
  readonly pods: KubeObject[];
  readonly hostEndpoints: KubeObject[];
  /** Calico NetworkSet / GlobalNetworkSet: labelled address blocks that rule selectors match. */
  readonly networkSets: KubeObject[];
  readonly policies: KubeObject[];
  /** Kinds read but not modelled here (Istio, Ingress, Service, ...), for skipping queries that need them. */
  readonly otherKinds: string[];
}

const POLICY_KINDS = new Set(['NetworkPolicy', 'GlobalNetworkPolicy', 'Profile']);

/** Sorts the documents of some sources into topology objects and policies; other kinds are dropped. */
export function readSources(sources: readonly string[]): Topology {
  const t: Topology = {
    namespaces: [],
    pods: [],
    hostEndpoints: [],
    networkSets: [],
    policies: [],
    otherKinds: [],
  };
  for (const source of sources) {
    for (const file of sourceFiles(source)) {
      for (const doc of readDocuments(file)) {
        const kind = String(doc.kind);
        if (kind === 'Namespace') t.namespaces.push({ apiVersion: 'v1', ...doc } as unknown as KubeObject);
        else if (kind === 'Pod') t.pods.push(cleanPod(doc));
        else if (kind === 'WorkloadEndpoint') t.pods.push(workloadEndpointToPod(doc));
        else if (kind === 'HostEndpoint') t.hostEndpoints.push(doc as unknown as KubeObject);
        else if (kind === 'NetworkSet' || kind === 'GlobalNetworkSet')
          t.networkSets.push(doc as unknown as KubeObject);
        else if (POLICY_KINDS.has(kind)) t.policies.push(doc as unknown as KubeObject);
        else t.otherKinds.push(kind);
      }
    }
  }
  return t;
}
