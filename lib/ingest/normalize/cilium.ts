// CiliumNetworkPolicy / CiliumClusterwideNetworkPolicy → CiliumPolicy, one per `spec`
// and per `specs[]` entry, with the defaults the Cilium agent applies made explicit:
//   - a CiliumNetworkPolicy's endpointSelector, and every fromEndpoints / toEndpoints
//     selector that names no `io.kubernetes.pod.namespace` label (and no reserved:
//     label), are limited to the policy's namespace (cilium/cilium
//     pkg/k8s/apis/cilium.io/utils/utils.go; docs "Layer 3 Examples": "An empty
//     EndpointSelector will select all endpoints in the namespace of the policy"); a
//     selector on namespace labels (io.cilium.k8s.namespace.labels.*) is not limited;
//   - an empty endpoint selector in a clusterwide policy selects the cluster's pods,
//     not reserved identities such as world (cilium/cilium#12890);
//   - cidrGroupRef / cidrGroupSelector are resolved to the CiliumCIDRGroups' CIDRs;
//   - enableDefaultDeny defaults to true for a direction the policy has (allow or
//     deny) rules for (pkg/policy/api/rule.go).

import type {
  CiliumEntity,
  CiliumHTTPRule,
  CiliumL7Rules,
  CiliumPeer,
  CiliumPolicy,
  CiliumPort,
  CiliumPortRule,
  CiliumProtocol,
  CiliumRule,
  CiliumRuleList,
  CiliumIcmpField,
} from '../../model/cilium';
import type { IngestWarning, KubeObject, LabelSelector, Labels, Origin } from '../../model/types';
import { ciliumIcmpType } from '../../model/cilium';
import { matchesSelector } from '../../model/selectors';
import { labels, map, maps, nameOf, namespaceOf, selector, str, strings, type Json } from './util';

const NAMESPACE_LABEL = 'k8s:io.kubernetes.pod.namespace';
const LIST_KEYS: readonly CiliumRuleList[] = ['ingress', 'ingressDeny', 'egress', 'egressDeny'];

export interface CIDRGroup {
  readonly name: string;
  readonly labels: Labels;
  readonly cidrs: readonly string[];
}

export function normalizeCIDRGroup(o: KubeObject): CIDRGroup {
  return { name: nameOf(o), labels: labels(o.metadata.labels), cidrs: strings(map(o.spec)?.externalCIDRs) };
}

/** The key with its source prefix removed: `k8s:app` → `app`. */
function bareKey(key: string): string {
  const colon = key.indexOf(':');
  return colon > 0 &&
    /^(k8s|any|reserved|unspec|container|cidr|fqdn|cilium-generated)$/.test(key.slice(0, colon))
    ? key.slice(colon + 1)
    : key;
}

function selectorKeys(sel: LabelSelector): string[] {
  return [...Object.keys(sel.matchLabels ?? {}), ...(sel.matchExpressions ?? []).map((e) => e.key)];
}

function withLabel(sel: LabelSelector, key: string, value: string): LabelSelector {
  return { ...sel, matchLabels: { ...(sel.matchLabels ?? {}), [key]: value } };
}

interface Context {
  readonly namespace?: string;
  readonly groups: readonly CIDRGroup[];
  readonly warnings: IngestWarning[];
  readonly ref: { kind: string; name: string; namespace?: string };
  readonly origin: Origin;
}

/** A peer endpoint selector with the namespace a CiliumNetworkPolicy implies. */
function peerSelector(ctx: Context, raw: unknown): LabelSelector {
  const sel = selector(raw);
  const keys = selectorKeys(sel);
  if (keys.some((k) => k.startsWith('reserved:'))) return sel;
  if (keys.some((k) => bareKey(k) === 'io.kubernetes.pod.namespace')) return sel;
  // Selecting by namespace labels names the namespaces itself (utils.go: "Don't add
  // namespace when namespace label prefix is already present").
  if (
    ctx.namespace !== undefined &&
    keys.some((k) => bareKey(k).startsWith('io.cilium.k8s.namespace.labels.'))
  )
    return sel;
  if (ctx.namespace !== undefined) return withLabel(sel, NAMESPACE_LABEL, ctx.namespace);
  return {
    ...sel,
    matchExpressions: [...(sel.matchExpressions ?? []), { key: NAMESPACE_LABEL, operator: 'Exists' }],
  };
}

function cidrPeers(ctx: Context, rule: Json, ends: 'from' | 'to', field: string): CiliumPeer[] {
  const out: CiliumPeer[] = [];
  strings(rule[`${ends}CIDR`]).forEach((c, i) =>
    out.push({ type: 'cidr', cidrs: [c], except: [], field: `${field}.${ends}CIDR[${i}]` }),
  );
  maps(rule[`${ends}CIDRSet`]).forEach((c, i) => {
    const f = `${field}.${ends}CIDRSet[${i}]`;
    const except = strings(c.except);
    const cidr = str(c.cidr);
    if (cidr) return void out.push({ type: 'cidr', cidrs: [cidr], except, field: f });
    const ref = str(c.cidrGroupRef);
    const groups =
      ref !== undefined
        ? ctx.groups.filter((g) => g.name === ref)
        : ctx.groups.filter((g) => matchesSelector(selector(c.cidrGroupSelector), g.labels));
    if (ref !== undefined && groups.length === 0) {
      ctx.warnings.push({
        code: 'ASSUMPTION',
        message: `${ctx.ref.kind} ${ctx.namespace ? `${ctx.namespace}/` : ''}${ctx.ref.name}: ${f}.cidrGroupRef names CiliumCIDRGroup ${ref}, which the snapshot does not hold; read as matching no address`,
        origin: ctx.origin,
        ref: ctx.ref,
      });
    }
    for (const g of groups) out.push({ type: 'cidr', cidrs: g.cidrs, except, field: f, group: g.name });
  });
  return out;
}

function l7Rules(raw: unknown): CiliumL7Rules | undefined {
  const r = map(raw);
  if (!r) return undefined;
  const http = Array.isArray(r.http)
    ? maps(r.http).map((h): CiliumHTTPRule => ({
        ...(str(h.method) !== undefined ? { method: str(h.method)! } : {}),
        ...(str(h.path) !== undefined ? { path: str(h.path)! } : {}),
        ...(str(h.host) !== undefined ? { host: str(h.host)! } : {}),
        headers: [
          ...strings(h.headers),
          ...maps(h.headerMatches).map((m) =>
            str(m.value) !== undefined ? `${str(m.name)}: ${str(m.value)}` : (str(m.name) ?? ''),
          ),
        ],
      }))
    : undefined;
  const dns = Array.isArray(r.dns)
    ? maps(r.dns).map((d) => ({
        ...(str(d.matchName) ? { matchName: str(d.matchName)! } : {}),
        ...(str(d.matchPattern) ? { matchPattern: str(d.matchPattern)! } : {}),
      }))
    : undefined;
  const kafka = Array.isArray(r.kafka) ? maps(r.kafka).map((k) => labels(k)) : undefined;
  if (!http && !dns && !kafka) return undefined;
  return { ...(http ? { http } : {}), ...(dns ? { dns } : {}), ...(kafka ? { kafka } : {}) };
}

function port(p: Json): CiliumPort {
  const protocol = (str(p.protocol) ?? 'ANY') as CiliumProtocol;
  const raw = p.port;
  const value =
    typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : str(raw);
  const endPort = typeof p.endPort === 'number' && p.endPort > 0 ? p.endPort : undefined;
  // Port 0 (or none) means every port of the protocol (pkg/policy/api/l4.go).
  return {
    protocol,
    ...(value !== undefined && value !== 0 ? { port: value } : {}),
    ...(endPort !== undefined ? { endPort } : {}),
  };
}

function rule(ctx: Context, r: Json, list: CiliumRuleList, field: string): CiliumRule {
  const ends = list.startsWith('ingress') ? 'from' : 'to';
  const peers: CiliumPeer[] = [];
  maps(r[`${ends}Endpoints`]).forEach((s, i) =>
    peers.push({
      type: 'endpoints',
      selector: peerSelector(ctx, s),
      field: `${field}.${ends}Endpoints[${i}]`,
    }),
  );
  strings(r[`${ends}Entities`]).forEach((e, i) =>
    peers.push({ type: 'entity', entity: e as CiliumEntity, field: `${field}.${ends}Entities[${i}]` }),
  );
  peers.push(...cidrPeers(ctx, r, ends, field));
  maps(r[`${ends}Nodes`]).forEach((s, i) =>
    peers.push({ type: 'nodes', selector: selector(s), field: `${field}.${ends}Nodes[${i}]` }),
  );
  if (ends === 'to') {
    maps(r.toServices).forEach((s, i) => {
      const f = `${field}.toServices[${i}]`;
      const svc = map(s.k8sService);
      const sel = map(s.k8sServiceSelector);
      const ns = str((svc ?? sel)?.namespace) ?? ctx.namespace;
      if (svc)
        peers.push({
          type: 'service',
          name: str(svc.serviceName) ?? '',
          ...(ns !== undefined ? { namespace: ns } : {}),
          field: `${f}.k8sService`,
        });
      else if (sel)
        peers.push({
          type: 'service',
          selector: selector(sel.selector),
          ...(ns !== undefined ? { namespace: ns } : {}),
          field: `${f}.k8sServiceSelector`,
        });
    });
    maps(r.toFQDNs).forEach((f, i) =>
      peers.push({
        type: 'fqdn',
        ...(str(f.matchName) ? { matchName: str(f.matchName)! } : {}),
        ...(str(f.matchPattern) ? { matchPattern: str(f.matchPattern)! } : {}),
        field: `${field}.toFQDNs[${i}]`,
      }),
    );
  }
  const l3Keys = [
    'Endpoints',
    'Entities',
    'CIDR',
    'CIDRSet',
    'Nodes',
    'Requires',
    'Groups',
    ...(ends === 'to' ? ['Services', 'FQDNs'] : []),
  ];
  const hasL3 = l3Keys.some((k) => {
    const key = k === 'Services' ? 'toServices' : k === 'FQDNs' ? 'toFQDNs' : `${ends}${k}`;
    return Array.isArray(r[key]);
  });
  const toPorts = maps(r.toPorts).map((pr, i): CiliumPortRule => {
    const rules = l7Rules(pr.rules);
    return { ports: maps(pr.ports).map(port), ...(rules ? { rules } : {}), field: `${field}.toPorts[${i}]` };
  });
  return {
    field,
    peers,
    hasL3,
    toPorts,
    icmps: maps(r.icmps).flatMap((i) =>
      maps(i.fields).flatMap((f): CiliumIcmpField[] => {
        const family = f.family === 'IPv6' ? 'IPv6' : 'IPv4';
        const type = ciliumIcmpType(family, f.type);
        return type === undefined ? [] : [{ family, type }];
      }),
    ),
  };
}

function policy(
  ctx: Context,
  kind: CiliumPolicy['kind'],
  name: string,
  spec: Json,
  specPath: string,
): CiliumPolicy {
  const lists = Object.fromEntries(
    LIST_KEYS.map((list) => [
      list,
      maps(spec[list]).map((r, i) => rule(ctx, r, list, `${specPath}.${list}[${i}]`)),
    ]),
  ) as Record<CiliumRuleList, CiliumRule[]>;
  const dd = map(spec.enableDefaultDeny) ?? {};
  const nodes = spec.nodeSelector != null;
  let subject = selector(nodes ? spec.nodeSelector : spec.endpointSelector);
  if (!nodes && ctx.namespace !== undefined) subject = withLabel(subject, NAMESPACE_LABEL, ctx.namespace);
  return {
    kind,
    ...(ctx.namespace !== undefined ? { namespace: ctx.namespace } : {}),
    name,
    specPath,
    subject: { type: nodes ? 'nodes' : 'endpoints', selector: subject },
    ...lists,
    defaultDeny: {
      ingress:
        typeof dd.ingress === 'boolean' ? dd.ingress : lists.ingress.length + lists.ingressDeny.length > 0,
      egress: typeof dd.egress === 'boolean' ? dd.egress : lists.egress.length + lists.egressDeny.length > 0,
    },
    origin: ctx.origin,
  };
}

/** One CiliumPolicy per spec / specs[] entry of the object. */
export function normalizeCiliumPolicy(
  o: KubeObject,
  origin: Origin,
  groups: readonly CIDRGroup[],
  warnings: IngestWarning[],
): CiliumPolicy[] {
  const kind = o.kind as CiliumPolicy['kind'];
  const namespace = kind === 'CiliumNetworkPolicy' ? namespaceOf(o) : undefined;
  const name = nameOf(o);
  const ref = { kind, name, ...(namespace !== undefined ? { namespace } : {}) };
  const ctx: Context = { ...(namespace !== undefined ? { namespace } : {}), groups, warnings, ref, origin };
  const out: CiliumPolicy[] = [];
  const spec = map(o.spec);
  if (spec) out.push(policy(ctx, kind, name, spec, 'spec'));
  maps(o.specs).forEach((s, i) => out.push(policy(ctx, kind, name, s, `specs[${i}]`)));
  return out;
}
