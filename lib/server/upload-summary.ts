// What an upload holds, said right after it is stored: nodes, CNI and mode, kube-proxy
// mode, counts, lint counts, what was ignored or removed, and a few traces worth a look.

import { detectCni } from '../engine/platform/detect-cni';
import { detectKubeProxy } from '../engine/platform/kube-proxy';
import { lintModel } from '../engine';
import type { TraceQuery } from '../engine/types';
import type { ClusterModel, Labels } from '../model/types';
import { matchesLabels } from '../model/selectors';
import type { Removal } from '../store/redact';
import { pickerWorkloads } from './endpoint-workloads';

export interface UploadSummary {
  readonly nodes: number;
  readonly cni: { readonly name: string; readonly overlay: string; readonly mode: string };
  readonly kubeProxy: string;
  readonly pods: number;
  readonly services: number;
  readonly policies: number;
  readonly lint: { readonly error: number; readonly warning: number; readonly info: number };
  /** `N Kind (not read)` per kind the engine does not read. */
  readonly ignored: readonly string[];
  /** What redaction took before storing, by kind of value, and from how many objects. */
  readonly removed: { readonly objects: number; readonly what: readonly string[] };
  /** Traces worth a first look: a client pod to each of a few Services. */
  readonly traces: readonly (TraceQuery & { readonly label: string })[];
}

const MAX_TRACES = 3;

function ignoredOf(model: ClusterModel): string[] {
  const byKind = new Map<string, number>();
  for (const w of model.warnings)
    if (w.code === 'IGNORED_KIND' && w.ref) byKind.set(w.ref.kind, (byKind.get(w.ref.kind) ?? 0) + 1);
  return [...byKind].sort(([a], [b]) => a.localeCompare(b)).map(([kind, n]) => `${n} ${kind} (not read)`);
}

function removedOf(removed: readonly Removal[]): UploadSummary['removed'] {
  const objects = new Set(removed.map((r) => `${r.ref.kind}/${r.ref.namespace ?? ''}/${r.ref.name}`));
  // Keyed by the plural: removalKind returns a fresh pair per call.
  const byWhat = new Map<string, { one: string; n: number }>();
  for (const r of removed) {
    const [one, many] = removalKind(r);
    const seen = byWhat.get(many);
    byWhat.set(many, { one, n: (seen?.n ?? 0) + 1 });
  }
  return {
    objects: objects.size,
    what: [...byWhat]
      .sort(([, a], [, b]) => b.n - a.n)
      .map(([many, { one, n }]) => `${n} ${n === 1 ? one : many}`),
  };
}

/**
 * What a redaction took, in the reader's words: most removals are values the engine does
 * not read (environment values, annotations, ConfigMap data), not secrets, and calling
 * them all "secret values" would alarm for nothing.
 */
function removalKind(r: Removal): readonly [one: string, many: string] {
  if (r.reason.startsWith('credential') || r.reason === 'BGP session password')
    return ['credential', 'credentials'];
  if (r.reason.endsWith('are never stored')) return ['whole Secret object', 'whole Secret objects'];
  if (r.field.includes('.env[')) return ['environment variable value', 'environment variable values'];
  if (r.field.startsWith('metadata.annotations.')) return ['annotation', 'annotations'];
  if (r.field === 'metadata.managedFields') return ['managedFields list', 'managedFields lists'];
  if (r.field.startsWith('data.') || r.field === 'binaryData') return ['ConfigMap key', 'ConfigMap keys'];
  if (r.reason.includes('command-line')) return ['command-line value', 'command-line values'];
  return ['other field', 'other fields'];
}

/**
 * A Service with a port and a backing pod, traced from a pod of another workload
 * (preferably in the same namespace): the connection a reader of the dump asks first.
 * The client is named by its workload (`deploy:NS/NAME`) when it has one, so the trace
 * covers every replica instead of whichever pod sorted first.
 */
function suggestedTraces(model: ClusterModel): (TraceQuery & { label: string })[] {
  const workloadOf = new Map<string, { value: string; name: string }>();
  for (const w of pickerWorkloads(model).values())
    for (const p of w.pods) workloadOf.set(p.key, { value: w.value, name: w.name });
  const pods = [...model.pods.values()].filter((p) => !p.hostNetwork && !p.synthesized);
  const out: (TraceQuery & { label: string })[] = [];
  const services = [...model.services.values()]
    .filter((s) => s.namespace !== 'kube-system' && s.namespace !== 'default' && s.ports.length > 0)
    .sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
  for (const svc of services) {
    if (out.length >= MAX_TRACES) break;
    const backends = new Set(
      pods.filter((p) => p.namespace === svc.namespace && selects(svc.selector, p.labels)).map((p) => p.key),
    );
    if (backends.size === 0) continue;
    const client =
      pods.find((p) => p.namespace === svc.namespace && !backends.has(p.key)) ??
      pods.find((p) => !backends.has(p.key) && p.namespace !== 'kube-system');
    if (!client) continue;
    const port = svc.ports[0]!;
    const workload = workloadOf.get(client.key);
    out.push({
      label: `${workload?.name ?? client.name} → ${svc.name} (${port.protocol} ${port.port})`,
      from: workload?.value ?? `pod:${client.namespace}/${client.name}`,
      to: `svc:${svc.namespace}/${svc.name}`,
      port: port.port,
      protocol: port.protocol,
    });
  }
  return out;
}

/** A Service selects pods only through a non-empty selector (an empty one selects none). */
const selects = (selector: Labels | undefined, labels: Labels) =>
  selector !== undefined && Object.keys(selector).length > 0 && matchesLabels(selector, labels);

export function summarizeUpload(model: ClusterModel, removed: readonly Removal[]): UploadSummary {
  const cni = detectCni(model);
  const lint = { error: 0, warning: 0, info: 0 };
  for (const f of lintModel(model).findings) lint[f.severity] += 1;
  return {
    nodes: model.nodes.size,
    cni: { name: cni.name, overlay: cni.overlay, mode: cni.mode },
    kubeProxy: detectKubeProxy(model, cni).mode,
    pods: model.pods.size,
    services: model.services.size,
    policies: model.networkPolicies.length,
    lint,
    ignored: ignoredOf(model),
    removed: removedOf(removed),
    traces: suggestedTraces(model),
  };
}
