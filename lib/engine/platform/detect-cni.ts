// Picks the CNI from every hint in the snapshot: each detector scores its own objects
// (CRDs and ConfigMaps count more than a DaemonSet name), the strongest wins, and a tie
// goes to the first in DETECTORS so the answer is deterministic.

import type { ClusterModel } from '../../model/types';
import type { CniCandidate } from './cni-calico';
import { detectCalico } from './cni-calico';
import { detectCilium } from './cni-cilium';
import { detectFlannel } from './cni-flannel';
import type { CniInfo } from './types';

const DETECTORS: ReadonlyArray<(model: ClusterModel) => CniCandidate | undefined> = [
  detectCalico,
  detectCilium,
  detectFlannel,
];

/** Nothing identifies the CNI: assume plain routing and say so (CNI_ASSUMED). */
export const UNKNOWN_CNI: CniInfo = {
  name: 'unknown',
  overlay: 'none',
  mode: 'never',
  routing: 'unknown',
  mtuMeaning: 'pod',
  routeMTU: false,
  mtuSource: 'auto',
  masquerade: false,
  ebpf: false,
  kubeProxyReplacement: false,
  dsr: false,
  vethPrefix: 'veth',
  evidence: [],
  masqueradeEvidence: [],
  mtuEvidence: [],
  assumed: true,
};

export function detectCni(model: ClusterModel): CniInfo {
  let best: CniCandidate | undefined;
  for (const detect of DETECTORS) {
    const candidate = detect(model);
    if (candidate && (!best || candidate.score > best.score)) best = candidate;
  }
  return best?.info ?? UNKNOWN_CNI;
}
