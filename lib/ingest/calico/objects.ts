// Calico objects → model entries, validated on the way. Every reader records shape
// problems at their field path; `validateCalicoObject` keeps only those,
// `buildCalicoModel` keeps only the values (of objects that already validated).
// References: docs.tigera.io/calico/latest/reference/resources/ networkpolicy,
// globalnetworkpolicy, tier, profile, hostendpoint, networkset, globalnetworkset.

import {
  DEFAULT_TIER_ORDER,
  type CalicoHostEndpoint,
  type CalicoModel,
  type CalicoNetworkSet,
  type CalicoPolicy,
  type CalicoProfile,
  type CalicoTier,
  type KubeObject,
  type Labels,
  type Origin,
} from '../../model';
import {
  at,
  eachMap,
  invalid,
  missing,
  optBool,
  optEnum,
  optMap,
  optString,
  optStringList,
  optStringMap,
  type Issues,
  type Json,
} from '../validate/check';
import { isCIDR, isIP } from '../validate/net';
import { calicoGroupOf } from './api-group';
import { readOrder, readRules, readSelector } from './fields';

const NAMESPACE_LABEL = 'projectcalico.org/namespace';
const DIRECTIONS = ['Ingress', 'Egress'] as const;

// A name of another type is reported by the metadata check; here it reads as no name.
const nameOf = (o: Json) => {
  const name = (optMap([], o.metadata, '') ?? {}).name;
  return typeof name === 'string' ? name : '';
};
const namespaceOf = (o: Json) =>
  ((optMap([], o.metadata, '') ?? {}).namespace as string | undefined) || 'default';
const labelsOf = (o: Json): Labels => ({
  ...((optMap([], o.metadata, '') ?? {}).labels as Labels | undefined),
});

export function readPolicy(iss: Issues, o: Json, origin: Origin): CalicoPolicy {
  const kind = o.kind === 'GlobalNetworkPolicy' ? 'GlobalNetworkPolicy' : 'NetworkPolicy';
  const spec = optMap(iss, o.spec, 'spec') ?? {};
  const tier = optString(iss, spec.tier, 'spec.tier') || 'default';
  const name = nameOf(o);
  // Policies outside the default tier are named TIER.NAME (the API server enforces it).
  if (tier !== 'default' && name && !name.startsWith(`${tier}.`)) {
    iss.push({
      code: 'INVALID_FIELD',
      field: 'metadata.name',
      reason: `a policy in tier "${tier}" is named "${tier}.NAME" by Calico; read as given`,
      warning: true,
    });
  }
  const order = readOrder(iss, spec.order, 'spec.order');
  const selector = readSelector(iss, spec.selector ?? '', 'spec.selector');
  const namespaceSelector =
    kind === 'GlobalNetworkPolicy'
      ? readSelector(iss, spec.namespaceSelector, 'spec.namespaceSelector')
      : undefined;
  if (kind === 'NetworkPolicy' && spec.namespaceSelector != null)
    invalid(iss, 'spec.namespaceSelector', 'only a GlobalNetworkPolicy has spec.namespaceSelector');
  const serviceAccountSelector = readSelector(
    iss,
    spec.serviceAccountSelector,
    'spec.serviceAccountSelector',
  );
  const declared = optStringList(iss, spec.types, 'spec.types');
  declared?.forEach((t, i) => optEnum(iss, t, at('spec.types', i), DIRECTIONS));
  const ingress = readRules(iss, spec.ingress, 'spec.ingress');
  const egress = readRules(iss, spec.egress, 'spec.egress');
  const doNotTrack = optBool(iss, spec.doNotTrack, 'spec.doNotTrack') ?? false;
  const preDNAT = optBool(iss, spec.preDNAT, 'spec.preDNAT') ?? false;
  const applyOnForward = optBool(iss, spec.applyOnForward, 'spec.applyOnForward') ?? false;
  if (kind === 'NetworkPolicy' && (doNotTrack || preDNAT || applyOnForward)) {
    invalid(iss, 'spec', 'doNotTrack, preDNAT and applyOnForward are GlobalNetworkPolicy fields');
  }
  if ((doNotTrack || preDNAT) && !applyOnForward)
    invalid(iss, 'spec.applyOnForward', 'must be true when doNotTrack or preDNAT is set');
  if (doNotTrack && preDNAT) invalid(iss, 'spec.preDNAT', 'cannot be combined with doNotTrack');
  if (preDNAT && egress.length > 0) invalid(iss, 'spec.egress', 'a preDNAT policy has ingress rules only');
  // Defaulting as libcalico-go's clientv3 does when types is omitted: Ingress unless the
  // policy has only egress rules; both when it has both.
  const types: ('Ingress' | 'Egress')[] =
    declared && declared.length > 0
      ? [...new Set(declared.filter((t): t is 'Ingress' | 'Egress' => t === 'Ingress' || t === 'Egress'))]
      : egress.length === 0
        ? ['Ingress']
        : ingress.length === 0
          ? ['Egress']
          : ['Ingress', 'Egress'];
  return {
    kind,
    apiGroup: calicoGroupOf(o.apiVersion) ?? 'projectcalico.org',
    name,
    ...(kind === 'NetworkPolicy' ? { namespace: namespaceOf(o) } : {}),
    tier,
    ...(order !== undefined ? { order } : {}),
    selector: selector ?? { text: '', ast: { op: 'all' } },
    ...(namespaceSelector && namespaceSelector.text.trim() !== '' ? { namespaceSelector } : {}),
    ...(serviceAccountSelector && serviceAccountSelector.text.trim() !== ''
      ? { serviceAccountSelector }
      : {}),
    types,
    typesInferred: !(declared && declared.length > 0),
    ingress,
    egress,
    doNotTrack,
    preDNAT,
    applyOnForward,
    origin,
  };
}

export function readTier(iss: Issues, o: Json): CalicoTier {
  const spec = optMap(iss, o.spec, 'spec') ?? {};
  const order = readOrder(iss, spec.order, 'spec.order');
  const defaultAction =
    optEnum(iss, spec.defaultAction, 'spec.defaultAction', ['Deny', 'Pass'] as const) ?? 'Deny';
  const name = nameOf(o);
  const group = calicoGroupOf(o.apiVersion);
  return {
    name,
    ...(group ? { apiGroup: group } : {}),
    ...(order !== undefined ? { order } : {}),
    defaultAction,
    declared: true,
  };
}

export function readProfile(iss: Issues, o: Json, origin: Origin): CalicoProfile {
  const spec = optMap(iss, o.spec, 'spec') ?? {};
  return {
    name: nameOf(o),
    apiGroup: calicoGroupOf(o.apiVersion) ?? 'projectcalico.org',
    labelsToApply: { ...optStringMap(iss, spec.labelsToApply, 'spec.labelsToApply') },
    ingress: readRules(iss, spec.ingress, 'spec.ingress'),
    egress: readRules(iss, spec.egress, 'spec.egress'),
    origin,
  };
}

export function readHostEndpoint(iss: Issues, o: Json, origin: Origin): CalicoHostEndpoint {
  const spec = optMap(iss, o.spec, 'spec') ?? {};
  const node = optString(iss, spec.node, 'spec.node');
  const interfaceName = optString(iss, spec.interfaceName, 'spec.interfaceName');
  const expectedIPs = optStringList(iss, spec.expectedIPs, 'spec.expectedIPs') ?? [];
  expectedIPs.forEach((ip, i) => {
    if (!isIP(ip)) invalid(iss, at('spec.expectedIPs', i), `"${ip}" is not an IP address`);
  });
  if (!interfaceName && expectedIPs.length === 0)
    invalid(iss, 'spec', 'a HostEndpoint needs interfaceName or expectedIPs');
  const ports: CalicoHostEndpoint['ports'][number][] = [];
  eachMap(iss, spec.ports, 'spec.ports', (p, pp) => {
    const name = optString(iss, p.name, at(pp, 'name'));
    const protocol = optEnum(
      iss,
      typeof p.protocol === 'string' ? p.protocol.toUpperCase() : p.protocol,
      at(pp, 'protocol'),
      ['TCP', 'UDP', 'SCTP'] as const,
    );
    const port =
      typeof p.port === 'number' && Number.isInteger(p.port) && p.port >= 1 && p.port <= 65535
        ? p.port
        : invalid(iss, at(pp, 'port'), 'expected a port number (1-65535)');
    if (!name) missing(iss, at(pp, 'name'));
    if (name && protocol && port !== undefined) ports.push({ name, protocol, port });
  });
  return {
    name: nameOf(o),
    apiGroup: calicoGroupOf(o.apiVersion) ?? 'projectcalico.org',
    labels: labelsOf(o),
    ...(node ? { node } : {}),
    ...(interfaceName ? { interfaceName } : {}),
    expectedIPs: expectedIPs.filter(isIP),
    profiles: optStringList(iss, spec.profiles, 'spec.profiles') ?? [],
    ports,
    origin,
  };
}

export function readNetworkSet(iss: Issues, o: Json, origin: Origin): CalicoNetworkSet {
  const spec = optMap(iss, o.spec, 'spec') ?? {};
  const kind = o.kind === 'GlobalNetworkSet' ? 'GlobalNetworkSet' : 'NetworkSet';
  const nets: string[] = [];
  (optStringList(iss, spec.nets, 'spec.nets') ?? []).forEach((n, i) => {
    if (isCIDR(n)) nets.push(n);
    else if (isIP(n)) nets.push(n.includes(':') ? `${n}/128` : `${n}/32`);
    else invalid(iss, at('spec.nets', i), `"${n}" is not a CIDR or an IP address`);
  });
  const namespace = kind === 'NetworkSet' ? namespaceOf(o) : undefined;
  // Calico labels a NetworkSet with its namespace, so rule selectors scoped to a
  // namespace match it (libcalico-go updateprocessors/networksetprocessor.go).
  const labels = namespace ? { ...labelsOf(o), [NAMESPACE_LABEL]: namespace } : labelsOf(o);
  return {
    kind,
    apiGroup: calicoGroupOf(o.apiVersion) ?? 'projectcalico.org',
    name: nameOf(o),
    ...(namespace ? { namespace } : {}),
    labels,
    nets,
    origin,
  };
}

/** Shape problems of one Calico policy object. */
export function validateCalicoObject(iss: Issues, o: Json): void {
  const origin: Origin = {};
  switch (o.kind) {
    case 'NetworkPolicy':
    case 'GlobalNetworkPolicy':
      readPolicy(iss, o, origin);
      return;
    case 'Tier':
      readTier(iss, o);
      return;
    case 'Profile':
      readProfile(iss, o, origin);
      return;
    case 'HostEndpoint':
      readHostEndpoint(iss, o, origin);
      return;
    case 'NetworkSet':
    case 'GlobalNetworkSet':
      readNetworkSet(iss, o, origin);
  }
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
/** Calico orders: lower first; no order (nil) after every order; ties by name. */
const byOrder = (a: { order?: number; name: string }, b: { order?: number; name: string }) =>
  (a.order === b.order ? 0 : (a.order ?? Infinity) < (b.order ?? Infinity) ? -1 : 1) ||
  byString(a.name, b.name);

/** The Calico section of the model, or undefined when no Calico policy object was read. */
export function buildCalicoModel(
  items: readonly { object: KubeObject; origin: Origin }[],
  serviceAccounts: readonly KubeObject[],
): CalicoModel | undefined {
  if (items.length === 0) return undefined;
  const none: Issues = [];
  const tiers = new Map<string, CalicoTier>();
  const policies: CalicoPolicy[] = [];
  const profiles = new Map<string, CalicoProfile>();
  const hostEndpoints: CalicoHostEndpoint[] = [];
  const networkSets: CalicoNetworkSet[] = [];
  for (const { object, origin } of items) {
    const o = object as unknown as Json;
    switch (object.kind) {
      case 'NetworkPolicy':
      case 'GlobalNetworkPolicy':
        policies.push(readPolicy(none, o, origin));
        break;
      case 'Tier': {
        const tier = readTier(none, o);
        tiers.set(tier.name, tier);
        break;
      }
      case 'Profile': {
        const p = readProfile(none, o, origin);
        profiles.set(p.name, p);
        break;
      }
      case 'HostEndpoint':
        hostEndpoints.push(readHostEndpoint(none, o, origin));
        break;
      case 'NetworkSet':
      case 'GlobalNetworkSet':
        networkSets.push(readNetworkSet(none, o, origin));
    }
  }
  // The default tier always exists (order 1,000,000, default action Deny:
  // libcalico-go/lib/clientv3/client.go ensureTierExists); a tier named only by a
  // policy is kept (last, Deny) so its policies still apply, as Felix would not see them
  // without the Tier — an assumption stated by the evaluator.
  if (!tiers.has('default'))
    tiers.set('default', {
      name: 'default',
      order: DEFAULT_TIER_ORDER,
      defaultAction: 'Deny',
      declared: false,
    });
  for (const p of policies)
    if (!tiers.has(p.tier)) tiers.set(p.tier, { name: p.tier, defaultAction: 'Deny', declared: false });
  const sortedTiers = [...tiers.values()].sort(byOrder);
  const tierRank = new Map(sortedTiers.map((t, i) => [t.name, i]));
  const policyName = (p: CalicoPolicy) => (p.namespace ? `${p.namespace}/${p.name}` : p.name);
  policies.sort(
    (a, b) =>
      tierRank.get(a.tier)! - tierRank.get(b.tier)! ||
      byOrder({ order: a.order, name: policyName(a) }, { order: b.order, name: policyName(b) }),
  );
  const serviceAccountLabels = new Map<string, Labels>();
  for (const sa of serviceAccounts) {
    const m = sa.metadata ?? {};
    serviceAccountLabels.set(`${m.namespace || 'default'}/${m.name ?? ''}`, { ...(m.labels ?? {}) });
  }
  return {
    tiers: sortedTiers,
    policies,
    profiles,
    hostEndpoints: [...hostEndpoints].sort((a, b) => byString(a.name, b.name)),
    networkSets: [...networkSets].sort((a, b) =>
      byString(`${a.namespace ?? ''}/${a.name}`, `${b.namespace ?? ''}/${b.name}`),
    ),
    serviceAccountLabels,
  };
}
