// Cilium DSR on a tunnel the agent refuses: raised at the service hop, where the eBPF
// kube-proxy replacement would translate the Service, with the agent's own error.

import type { Service } from '../../model/types';
import type { TraceContext } from './context';

/**
 * DSR_REQUIRES_NATIVE_ROUTING at `hopId` when cilium-config asks for DSR (or hybrid) in a
 * combination the agent refuses at start-up (initKubeProxyReplacementOptions,
 * cilium/cilium daemon/cmd/kube_proxy_replacement.go): it exits instead of falling back to
 * SNAT, so nothing programs the Service and the packet goes nowhere.
 */
export function checkDsrRouting(ctx: TraceContext, hopId: string, svc: Service): boolean {
  const rejected = ctx.platform.cni.dsrRejected;
  if (!rejected) return true;
  ctx.path.raise(
    hopId,
    'DSR_REQUIRES_NATIVE_ROUTING',
    {
      service: svc.key,
      lbMode: rejected.lbMode,
      dispatch: rejected.dispatch,
      routingMode: rejected.routingMode,
      tunnelProtocol: rejected.tunnelProtocol,
      agentError: rejected.agentError,
    },
    rejected.evidence,
  );
  ctx.path.drop(hopId, true, `the Cilium agent exits at start-up: ${rejected.agentError}`);
  return false;
}
