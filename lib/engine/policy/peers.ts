// Which endpoints a policy selects, and which endpoints a rule's peers match.
// Matching reads only the endpoint's own labels and its namespace's labels, so it
// never scans the cluster.

import { cidrContains, ipBlockContains } from '../net/ipv4';
import type { AdminNetworkPolicy, AdminPeer, ClusterModel, NetworkPolicy, Pod, PolicyDirection, PolicyPeer } from '../../model/types';
import { assertNever, describeSelector, namespaceLabels, selectorMatches } from './label-match';
import type { EvaluateOptions, PeerEndpoint } from './types';

/** NetworkPolicy selects `pod` for `direction`: same namespace, policyTypes lists it, podSelector matches. */
export function policySelectsPod(policy: NetworkPolicy, pod: Pod, direction: PolicyDirection): boolean {
  return (
    policy.namespace === pod.namespace &&
    policy.policyTypes.includes(direction) &&
    selectorMatches(policy.podSelector, pod.labels)
  );
}

/** ANP/BANP `subject` selects `pod`. */
export function adminSubjectSelects(model: ClusterModel, policy: AdminNetworkPolicy, pod: Pod): boolean {
  const subject = policy.subject;
  if (!selectorMatches(subject.namespaceSelector, namespaceLabels(model, pod.namespace))) return false;
  return subject.type === 'namespaces' || selectorMatches(subject.podSelector, pod.labels);
}

function podIPInBlock(pod: Pod, cidr: string, except: readonly string[]): boolean {
  return pod.ips.some((ip) => ipBlockContains(cidr, except, ip));
}

/**
 * One `from`/`to` item of a NetworkPolicy rule matches `ep`. podSelector and
 * namespaceSelector in one item are ANDed; podSelector alone means the policy's
 * namespace. ipBlock matches addresses outside the pods (pods too only with
 * `ipBlockMatchesPods`).
 */
export function policyPeerMatches(
  model: ClusterModel,
  policy: NetworkPolicy,
  peer: PolicyPeer,
  ep: PeerEndpoint,
  options: EvaluateOptions,
): boolean {
  switch (peer.type) {
    case 'ipBlock':
      if (ep.type === 'ip') return ipBlockContains(peer.ipBlock.cidr, peer.ipBlock.except, ep.ip);
      return options.ipBlockMatchesPods === true && podIPInBlock(ep.pod, peer.ipBlock.cidr, peer.ipBlock.except);
    case 'pods': {
      if (ep.type !== 'pod') return false;
      const pod = ep.pod;
      if (peer.namespaceSelector === undefined) {
        if (pod.namespace !== policy.namespace) return false;
      } else if (!selectorMatches(peer.namespaceSelector, namespaceLabels(model, pod.namespace))) {
        return false;
      }
      return peer.podSelector === undefined || selectorMatches(peer.podSelector, pod.labels);
    }
    default:
      return assertNever(peer);
  }
}

/**
 * One peer of an ANP/BANP rule matches `ep`. `networks` match addresses only;
 * `nodes` peers are not modelled and match nothing (as in netpol-analyzer).
 */
export function adminPeerMatches(model: ClusterModel, peer: AdminPeer, ep: PeerEndpoint): boolean {
  switch (peer.type) {
    case 'networks':
      return ep.type === 'ip' && peer.cidrs.some((cidr) => cidrContains(cidr, ep.ip));
    case 'nodes':
      return false;
    case 'namespaces':
      return ep.type === 'pod' && selectorMatches(peer.namespaceSelector, namespaceLabels(model, ep.pod.namespace));
    case 'pods':
      return (
        ep.type === 'pod' &&
        selectorMatches(peer.namespaceSelector, namespaceLabels(model, ep.pod.namespace)) &&
        selectorMatches(peer.podSelector, ep.pod.labels)
      );
    default:
      return assertNever(peer);
  }
}

/** Human form of a NetworkPolicy peer, for reasons. */
export function describePolicyPeer(policy: NetworkPolicy, peer: PolicyPeer): string {
  switch (peer.type) {
    case 'ipBlock': {
      const except = peer.ipBlock.except.length > 0 ? ` except ${peer.ipBlock.except.join(', ')}` : '';
      return `ipBlock ${peer.ipBlock.cidr}${except}`;
    }
    case 'pods': {
      const pods = peer.podSelector === undefined ? 'all pods' : `pods {${describeSelector(peer.podSelector)}}`;
      const ns =
        peer.namespaceSelector === undefined
          ? `in namespace ${policy.namespace}`
          : `in namespaces {${describeSelector(peer.namespaceSelector)}}`;
      return `${pods} ${ns}`;
    }
    default:
      return assertNever(peer);
  }
}

/** `ns/name` for a pod, the address for an IP. */
export function endpointName(ep: PeerEndpoint): string {
  return ep.type === 'pod' ? ep.pod.key : ep.ip;
}
