// Namespace labels and selector descriptions, as NetworkPolicy reads them (selector
// matching itself is lib/model's `matchesSelector`).

import { matchesSelector } from '../../model/selectors';
import type { ClusterModel, LabelSelector, Labels } from '../../model/types';

export { matchesSelector as selectorMatches };

const METADATA_NAME = 'kubernetes.io/metadata.name';
const nsLabelCache = new WeakMap<ClusterModel, Map<string, Labels>>();

/**
 * A namespace's labels, always including `kubernetes.io/metadata.name` (the API
 * server sets it on every namespace; a namespace with no object gets only that one).
 */
export function namespaceLabels(model: ClusterModel, namespace: string): Labels {
  let cache = nsLabelCache.get(model);
  if (!cache) nsLabelCache.set(model, (cache = new Map()));
  let labels = cache.get(namespace);
  if (!labels) {
    const declared = model.namespaces.get(namespace)?.labels ?? {};
    labels = METADATA_NAME in declared ? declared : { ...declared, [METADATA_NAME]: namespace };
    cache.set(namespace, labels);
  }
  return labels;
}

/** Human form of a selector: `pod=b, tier in (x,y), !legacy`; `all` when empty. */
export function describeSelector(selector: LabelSelector): string {
  const parts = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const req of selector.matchExpressions ?? []) {
    const values = (req.values ?? []).join(',');
    switch (req.operator) {
      case 'In':
        parts.push(`${req.key} in (${values})`);
        break;
      case 'NotIn':
        parts.push(`${req.key} notin (${values})`);
        break;
      case 'Exists':
        parts.push(req.key);
        break;
      case 'DoesNotExist':
        parts.push(`!${req.key}`);
        break;
      default:
        return assertNever(req.operator);
    }
  }
  return parts.length === 0 ? 'all' : parts.join(', ');
}

export function assertNever(value: never): never {
  throw new Error(`unexpected value ${JSON.stringify(value)}`);
}
