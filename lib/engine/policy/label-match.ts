// Label selector matching and namespace labels, as NetworkPolicy reads them.

import type { ClusterModel, LabelSelector, Labels } from '../../model/types';

/**
 * `matchLabels` AND every `matchExpressions` requirement; an empty selector matches
 * everything (In / NotIn / Exists / DoesNotExist as in apimachinery `labels.Selector`).
 */
export function selectorMatches(selector: LabelSelector, labels: Labels): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) return false;
  }
  for (const req of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, req.key);
    const values = req.values ?? [];
    switch (req.operator) {
      case 'In':
        if (!has || !values.includes(labels[req.key]!)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[req.key]!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return assertNever(req.operator);
    }
  }
  return true;
}

export function isEmptySelector(selector: LabelSelector): boolean {
  return Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
}

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
