// Snapshot-wide IPBLOCK_COVERS_POD_IPS: every ipBlock whose cidr holds pod addresses,
// with the rule that applies on this cluster's CNI (see policy/ipblock-rule.ts).

import type { ClusterModel } from '../../model/types';
import { makeFinding } from '../findings/catalogue';
import { blocksCoveringPods, type IpBlockRule } from '../policy/ipblock-rule';
import type { Finding } from '../types';

const MAX_PODS = 5;

export function lintIpBlocks(model: ClusterModel, rule: IpBlockRule): Finding[] {
  return blocksCoveringPods(model).map(({ block: b, pods, ips, excepted }) => {
    const named = pods.slice(0, MAX_PODS).map((p) => `${p.key} (${p.ips.join(', ')})`);
    const more = pods.length > MAX_PODS ? [`${pods.length - MAX_PODS} more`] : [];
    const effect =
      rule.mode === 'outside'
        ? `So rule #${b.ruleIndex} does not match these pods: traffic from or to them needs a pod or namespace selector.`
        : `So rule #${b.ruleIndex} matches ${pods.length - excepted} of these pods${excepted ? ` (${excepted} listed in except are not matched)` : ''}, whatever their labels.`;
    return makeFinding(
      'IPBLOCK_COVERS_POD_IPS',
      {
        policy: b.policy.key,
        field: b.field,
        cidr: b.block.cidr,
        except: b.block.except,
        pods: [...named, ...more],
        ips,
        mode: rule.mode,
        why: rule.why,
        effect,
      },
      [
        {
          kind: 'NetworkPolicy',
          namespace: b.policy.namespace,
          name: b.policy.name,
          field: b.field,
          value: b.block.cidr,
        },
        ...pods.slice(0, MAX_PODS).map((p) => ({
          kind: 'Pod',
          namespace: p.namespace,
          name: p.name,
          field: 'status.podIP',
          value: p.ips.join(', '),
        })),
      ],
    );
  });
}
