// `lintModel`: snapshot-wide findings, each with evidence, in a deterministic order
// (severity, then code, then the first evidence object).

import type { ClusterModel } from '../../model/types';
import type { Finding, LintResult } from '../types';
import { severityRank } from '../findings/catalogue';
import { detectPlatform } from '../platform';
import type { TraceContext } from '../trace/context';
import { derivedIndex } from '../trace/derived-index';
import { PathBuilder } from '../trace/path';
import { lintDns } from './lint-dns';
import { lintDualStack } from './lint-dual-stack';
import { lintL7 } from './lint-l7';
import { lintOverlay } from './lint-overlay';
import { lintPlatform } from './lint-platform';
import { lintService } from './lint-services';
import { lintIpBlocks } from './lint-ipblock';
import { evaluateOptionsOf, ipBlockRule, type IpBlockPodsMode } from '../policy/ipblock-rule';

export interface LintOptions {
  /** Whether ipBlocks match pod addresses; absent = decided from the detected CNI. */
  readonly ipblockPods?: IpBlockPodsMode;
}

function sortKey(f: Finding): string {
  const e = f.evidence[0];
  return `${f.code}|${e ? `${e.namespace ?? ''}/${e.name}` : ''}|${f.detail}`;
}

/**
 * Every snapshot-wide finding of `model`: DNS blocked by default deny, pending or
 * unadvertised LoadBalancers, Services without ready endpoints or with wrong target
 * ports, exposed node ports, kube-proxy scale and mode, eBPF kernels, MTU budget and
 * mismatches, unclaimed ingress classes, detached routes. Pure and deterministic.
 */
export function lintModel(model: ClusterModel, options: LintOptions = {}): LintResult {
  const platform = detectPlatform(model);
  const rule = ipBlockRule(platform.cni, options.ipblockPods);
  const ctx: TraceContext = {
    model,
    platform,
    derived: derivedIndex(model),
    path: new PathBuilder(),
    protocol: 'TCP',
    packet: { src: '', dst: '', size: 1500 },
    assumedNoted: new Set(),
    ipBlock: rule,
  };
  const findings: Finding[] = [
    ...lintDns(model, platform.kubeProxy.mode, evaluateOptionsOf(rule)),
    ...lintPlatform(model, platform),
    ...lintOverlay(model, platform),
    ...lintDualStack(model),
    ...lintL7(ctx),
    ...lintIpBlocks(model, rule),
  ];
  for (const svc of model.services.values()) findings.push(...lintService(model, platform, svc));
  findings.sort(
    (a, b) => severityRank(a.severity) - severityRank(b.severity) || sortKey(a).localeCompare(sortKey(b)),
  );
  return { findings };
}

export { dnsBlockedFor } from './dns';
