// Which address family a trace follows, and why. Kubernetes leaves it to the client:
// a pod connects over the family of the address it was given (a dual-stack Service has
// a ClusterIP per family in spec.clusterIPs; DNS returns an A and an AAAA record).
// No option of the CLI or API contract names a family, so the rule is:
//   1. an address in the query (ip:ADDRESS or a URL host) decides: its family;
//   2. svc:NS/NAME: the Service's primary family (spec.ipFamilies[0]) if the client has
//      an address of it, else its other family. A client resolving the name would get
//      both records and most resolvers prefer IPv6 (RFC 6724); trace ip:<the IPv6
//      ClusterIP> for that case. The hop says which was picked;
//   3. pod / node names: the source's primary family if the destination has it too.
// Source: https://kubernetes.io/docs/concepts/services-networking/dual-stack/

import type { IPFamily } from '../../model/ip';
import type { ClusterModel } from '../../model/types';
import { familiesOf, ipFamily } from '../net/ip';
import { hasIPv6, modelFamily, serviceFamilies } from '../platform/family';
import type { ParsedEndpoint } from './endpoint';

export interface FamilyChoice {
  readonly family: IPFamily;
  /** Why, for the first hop's facts; undefined in a single-stack IPv4 cluster. */
  readonly reason?: string;
}

function familiesOfEndpoint(model: ClusterModel, e: ParsedEndpoint): readonly IPFamily[] | undefined {
  switch (e.type) {
    case 'pod': {
      const pod = model.pods.get(`${e.namespace}/${e.name}`);
      return pod ? familiesOf(pod.ips) : undefined;
    }
    case 'node': {
      const node = model.nodes.get(e.name);
      return node ? familiesOf(node.internalIPs) : undefined;
    }
    case 'ip': {
      const f = ipFamily(e.address);
      return f ? [f] : undefined;
    }
    default:
      return undefined;
  }
}

export function chooseFamily(model: ClusterModel, from: ParsedEndpoint, to: ParsedEndpoint): FamilyChoice {
  const choice = pick(model, from, to);
  // A single-stack IPv4 cluster has nothing to choose: say nothing.
  return choice.family === 'IPv4' && !hasIPv6(model) ? { family: 'IPv4' } : choice;
}

function pick(model: ClusterModel, from: ParsedEndpoint, to: ParsedEndpoint): FamilyChoice {
  if (to.type === 'ip') return { family: ipFamily(to.address) ?? 'IPv4', reason: 'the destination address' };
  if (from.type === 'ip') return { family: ipFamily(from.address) ?? 'IPv4', reason: 'the source address' };
  if (to.type === 'url' && ipFamily(to.host))
    return { family: ipFamily(to.host)!, reason: 'the URL host address' };
  if (!hasIPv6(model)) return { family: 'IPv4' };
  const client = familiesOfEndpoint(model, from);
  if (to.type === 'svc') {
    const svc = model.services.get(`${to.namespace}/${to.name}`);
    const families = svc ? serviceFamilies(svc) : [];
    const usable = families.filter((f) => !client || client.includes(f));
    const picked = usable[0] ?? families[0];
    if (picked) {
      const primary = picked === families[0];
      const other = svc?.clusterIPs.find((ip) => ipFamily(ip) !== picked);
      return {
        family: picked,
        reason: primary
          ? `the Service's primary family (spec.ipFamilies[0])${other ? `; trace ip:${other} for the other family` : ''}`
          : `the client has no ${families[0]} address, so it uses the Service's ${picked} ClusterIP`,
      };
    }
  }
  const target = familiesOfEndpoint(model, to);
  if (client && client.length > 0) {
    const shared = client.find((f) => !target || target.includes(f));
    if (shared)
      return {
        family: shared,
        reason: shared === client[0] ? "the source's primary family" : `the family both ends have`,
      };
  }
  return { family: modelFamily(model), reason: "the cluster's primary family" };
}
