// The NetworkPolicy that would allow one denied connection, for the denial's fix: the
// least-privilege suggestion of the what-if engine (the same object "Try the fix" applies),
// narrowed to the direction that denied it.

import { CORE_SCHEMA, dump } from 'js-yaml';
import type { ClusterModel, Protocol } from '../../model/types';
import type { AllowPolicyParams } from '../findings/params';
import type { PeerEndpoint } from '../policy';
import { suggestAllowPolicies } from '../whatif/suggest';

export function allowPolicyFor(
  model: ClusterModel,
  direction: 'egress' | 'ingress',
  self: PeerEndpoint,
  peer: PeerEndpoint,
  protocol: Protocol,
  port: number,
): AllowPolicyParams | undefined {
  const [from, to] = direction === 'egress' ? [self, peer] : [peer, self];
  const suggestion = suggestAllowPolicies(model, from, to, protocol, port);
  const type = direction === 'egress' ? 'Egress' : 'Ingress';
  const policy = suggestion.objects.find(
    (o) =>
      o.kind === 'NetworkPolicy' &&
      ((o as { spec?: { policyTypes?: readonly string[] } }).spec?.policyTypes ?? []).includes(type),
  );
  if (!policy) return undefined;
  // js-yaml's writer: a denied trace writes one, and the yaml package's stringify cost
  // more than the rest of the trace (bench/RESULTS.md). Strings that need quoting get
  // double quotes, sequences sit indented under their key, lines are never folded.
  const yaml = dump(policy, { schema: CORE_SCHEMA, lineWidth: -1, quotingType: '"', noRefs: true });
  return { yaml, notes: suggestion.notes };
}
