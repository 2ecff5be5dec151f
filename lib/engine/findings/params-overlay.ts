// Typed inputs of the overlay and data-plane configuration findings added in the second
// edition (DSR_REQUIRES_NATIVE_ROUTING, HOST_GW_NEEDS_L2, WIREGUARD_PEER_UNENCRYPTED).

export interface OverlayFindingParams {
  readonly DSR_REQUIRES_NATIVE_ROUTING: {
    readonly service: string;
    readonly lbMode: 'dsr' | 'hybrid';
    readonly dispatch: string;
    readonly routingMode: string;
    readonly tunnelProtocol: string;
    /** The error the Cilium agent exits with. */
    readonly agentError: string;
  };
  readonly HOST_GW_NEEDS_L2: {
    readonly srcNode: string;
    readonly dstNode: string;
    /** The peer address flannel would route the pod CIDR via (its public IP). */
    readonly dstAddr: string;
    readonly srcSubnet: string;
    readonly dstSubnet: string;
    readonly podCIDR?: string;
    readonly dstIP: string;
    /** What was assumed about the node subnets, when the snapshot does not state them. */
    readonly assumed?: string;
  };
  readonly WIREGUARD_PEER_UNENCRYPTED: {
    readonly srcNode: string;
    readonly dstNode: string;
    /** Nodes of the pair that publish no WireGuard key. */
    readonly missing: readonly string[];
    /** What the packet travels in instead (`IP-in-IP`, `VXLAN`, `plain routing`). */
    readonly fallback: string;
    readonly dstIP: string;
  };
}
