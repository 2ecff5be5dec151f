// What an upload holds, said right after it is stored: nodes, CNI and mode, kube-proxy
// mode, counts, lint counts, what was ignored or removed, and a few traces worth a look.

import { detectCni } from '../engine/platform/detect-cni';
import { detectKubeProxy } from '../engine/platform/kube-proxy';
import { lintModel } from '../engine';
import type { TraceQuery } from '../engine/types';
import type { ClusterModel, Labels } from '../model/types';
import { matchesLabels } from '../model/selectors';
import type { Removal } from '../store/redact';

export interface UploadSummary {
  readonly nodes: number;
  readonly cni: { readonly name: string; readonly overlay: string; readonly mode: string };
  readonly kubeProxy: string;
  readonly pods: number;
  readonly services: number;
  readonly policies: number;
  readonly lint: { readonly error: number; readonly warning: number; readonly info: number };
  /** `N Kind` per kind the engine does not read, and what redaction removed. */
  readonly ignored: readonly string[];
  /** Traces worth a first look: a client pod to each of a few Services. */
  readonly traces: readonly (TraceQuery & { readonly label: string })[];
}

const MAX_TRACES = 3;

function ignoredOf(model: ClusterModel, removed: readonly Removal[]): string[] {
  const byKind = new Map<string, number>();
  for (const w of model.warnings)
    if (w.code === 'IGNORED_KIND' && w.ref) byKind.set(w.ref.kind, (byKind.get(w.ref.kind) ?? 0) + 1);
  const out = [...byKind]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, n]) => `${n} ${kind} (not read)`);
  const removedObjects = new Set(removed.map((r) => `${r.ref.kind}/${r.ref.namespace ?? ''}/${r.ref.name}`));
  if (removed.length)
    out.push(`${removed.length} secret values removed from ${removedObjects.size} objects before storing`);
  return out;
}

/**
 * A Service with a port and a backing pod, traced from a pod of another workload
 * (preferably in the same namespace): the connection a reader of the dump asks first.
 */
function suggestedTraces(model: ClusterModel): (TraceQuery & { label: string })[] {
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
    out.push({
      label: `${client.name} → ${svc.name} (${port.protocol} ${port.port})`,
      from: `pod:${client.namespace}/${client.name}`,
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
    ignored: ignoredOf(model, removed),
    traces: suggestedTraces(model),
  };
}
