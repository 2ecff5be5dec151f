// Namespaces (declared and inferred) and Nodes.

import type { KubeObject, Namespace, NodeInfo, Origin } from '../../model/types';
import { byString, condition, labels, map, maps, nameOf, str, strings } from './util';

const NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * Declared namespaces keep their labels; every namespace used by an object but not
 * declared is added with no labels. Each gets `kubernetes.io/metadata.name=<name>`
 * when missing, as the API server sets it.
 */
export function normalizeNamespaces(declared: readonly KubeObject[], used: Iterable<string>): Namespace[] {
  const out = new Map<string, Namespace>();
  for (const o of declared) {
    const name = nameOf(o);
    out.set(name, { name, labels: { [NAME_LABEL]: name, ...labels(o.metadata.labels) }, declared: true });
  }
  for (const name of used) {
    if (!out.has(name)) out.set(name, { name, labels: { [NAME_LABEL]: name }, declared: false });
  }
  return [...out.values()].sort((a, b) => byString(a.name, b.name));
}

export function normalizeNode(o: KubeObject, origin: Origin): NodeInfo {
  const spec = map(o.spec);
  const status = map(o.status);
  const addresses = maps(status?.addresses);
  const ofType = (type: string) =>
    addresses.flatMap((a) => (a.type === type && typeof a.address === 'string' ? [a.address] : []));
  const podCIDRs = strings(spec?.podCIDRs);
  const single = str(spec?.podCIDR);
  if (single && !podCIDRs.includes(single)) podCIDRs.unshift(single);
  const kernelVersion = str(map(status?.nodeInfo)?.kernelVersion);
  const ready = condition(status?.conditions, 'Ready');
  return {
    name: nameOf(o),
    labels: labels(o.metadata.labels),
    annotations: labels(o.metadata.annotations),
    internalIPs: ofType('InternalIP'),
    externalIPs: ofType('ExternalIP'),
    podCIDRs,
    ...(kernelVersion ? { kernelVersion } : {}),
    // A node manifest without conditions stands for a working node.
    ready: ready === undefined || ready === 'True',
    origin,
  };
}
