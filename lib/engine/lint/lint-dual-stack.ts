// Dual-stack MTU budget: the one pod interface carries both families, but IPv6 pod
// traffic may be tunnelled over the IPv6 underlay (Calico VXLAN over IPv6: 70 B, not 50),
// so a pod MTU that fits IPv4 can black-hole IPv6. Checked on the IPv6 view of the
// cluster, where the CNI facts are those of the IPv6 pool.

import { restartCommands } from '../findings/restart';
import type { ClusterModel } from '../../model/types';
import type { Finding } from '../types';
import { makeFinding } from '../findings/catalogue';
import { mtuFixCommand } from '../findings/fixes';
import { detectPlatform } from '../platform';
import { familyView, hasIPv6 } from '../platform/family';
import { OVERLAY_NAME, overheadOf, podMTU, underlayFamily, underlayMTU } from '../platform/mtu';

/** Placeholder destination of a lint-level IPv6 MTU finding (its ping probes use -6). */
export const IPV6_POD_PLACEHOLDER = 'POD_IPV6_ON_ANOTHER_NODE';

export function lintDualStack(model: ClusterModel): Finding[] {
  if (!hasIPv6(model) || model.nodes.size < 2) return [];
  const view = familyView(model, 'IPv6');
  const { cni } = detectPlatform(view);
  if (cni.mode === 'never' || cni.overlay === 'none') return [];
  const overhead = overheadOf(cni, underlayFamily(cni, 'IPv6') === 'IPv6');
  const unders = [...view.nodes.values()].map((n) => ({ node: n.name, mtu: underlayMTU(view, n.name) }));
  const worst = [...unders].sort((a, b) => a.mtu.value - b.mtu.value)[0]!;
  const pod = podMTU(view, cni, worst.node, true);
  if (pod.value + overhead <= worst.mtu.value) return [];
  const target = worst.mtu.value - overhead;
  return [
    makeFinding(
      'MTU_BLACKHOLE',
      {
        node: worst.node,
        podMTU: pod.value,
        size: pod.value,
        overlay: `${OVERLAY_NAME[cni.overlay]} (IPv6)`,
        overhead,
        underlay: worst.mtu.value,
        dst: IPV6_POD_PLACEHOLDER,
        target,
        fixCommand: mtuFixCommand(cni, target),
        restart: restartCommands(view, worst.node),
      },
      [...pod.evidence, ...cni.evidence, ...worst.mtu.evidence],
    ),
  ];
}
