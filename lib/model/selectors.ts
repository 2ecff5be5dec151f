// Label selector semantics (metav1.LabelSelector) and index-backed pod selection.

import { labelKey } from './keys';
import type { ClusterModel, LabelSelector, Labels, Namespace, Pod } from './types';

/**
 * True when `labels` satisfy the selector: every matchLabels pair AND every
 * matchExpressions requirement (In, NotIn, Exists, DoesNotExist). An empty or
 * absent selector matches everything. `NotIn` and `DoesNotExist` match objects
 * that lack the key, as in Kubernetes.
 */
export function matchesSelector(selector: LabelSelector | undefined, labels: Labels): boolean {
  if (!selector) return true;
  const ml = selector.matchLabels;
  if (ml) {
    for (const key in ml) if (labels[key] !== ml[key]) return false;
  }
  const exprs = selector.matchExpressions;
  if (exprs) {
    for (const req of exprs) {
      const has = Object.prototype.hasOwnProperty.call(labels, req.key);
      const value = labels[req.key];
      switch (req.operator) {
        case 'In':
          if (!has || value === undefined || !(req.values ?? []).includes(value)) return false;
          break;
        case 'NotIn':
          if (has && value !== undefined && (req.values ?? []).includes(value)) return false;
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
  }
  return true;
}

/** Equality-based selector (Service.spec.selector): every pair must match. */
export function matchesLabels(selector: Labels, labels: Labels): boolean {
  for (const key in selector) if (labels[key] !== selector[key]) return false;
  return true;
}

/** True when the selector has no requirement at all (matches everything). */
export function isEmptySelector(selector: LabelSelector | undefined): boolean {
  if (!selector) return true;
  const ml = selector.matchLabels;
  return (
    (!ml || Object.keys(ml).length === 0) &&
    (!selector.matchExpressions || selector.matchExpressions.length === 0)
  );
}

/**
 * Pods selected by `selector`, in one namespace or (undefined) all namespaces,
 * sorted by pod key. Uses the label index: it starts from the smallest candidate
 * list a matchLabels pair or an `In` requirement allows, so it does not scan all
 * pods of the cluster for a narrow selector.
 */
export function selectPods(
  model: ClusterModel,
  namespace: string | undefined,
  selector: LabelSelector | undefined,
): readonly Pod[] {
  const { index } = model;
  let candidates: readonly Pod[] =
    namespace === undefined ? allPods(model) : (index.podsByNamespace.get(namespace) ?? []);
  let union = false;
  const ml = selector?.matchLabels;
  if (ml) {
    for (const key in ml) {
      const list = index.podsByLabel.get(labelKey(key, ml[key] ?? '')) ?? [];
      if (list.length < candidates.length) candidates = list;
    }
  }
  for (const req of selector?.matchExpressions ?? []) {
    if (req.operator !== 'In') continue;
    const lists = (req.values ?? []).map((v) => index.podsByLabel.get(labelKey(req.key, v)) ?? []);
    const size = lists.reduce((n, l) => n + l.length, 0);
    if (size < candidates.length) {
      candidates = lists.length === 1 ? lists[0]! : lists.flat();
      union = lists.length > 1;
    }
  }
  const out = candidates.filter(
    (p) => (namespace === undefined || p.namespace === namespace) && matchesSelector(selector, p.labels),
  );
  return union ? out.sort(byKey) : out;
}

/** Namespaces whose labels satisfy the selector, sorted by name. */
export function selectNamespaces(
  model: ClusterModel,
  selector: LabelSelector | undefined,
): readonly Namespace[] {
  const out: Namespace[] = [];
  for (const ns of model.namespaces.values()) if (matchesSelector(selector, ns.labels)) out.push(ns);
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

const allPodsCache = new WeakMap<ClusterModel, readonly Pod[]>();
function allPods(model: ClusterModel): readonly Pod[] {
  let list = allPodsCache.get(model);
  if (!list) {
    list = [...model.pods.values()].sort(byKey);
    allPodsCache.set(model, list);
  }
  return list;
}

function byKey(a: Pod, b: Pod): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

function assertNever(x: never): never {
  throw new Error(`unexpected selector operator ${String(x)}`);
}
