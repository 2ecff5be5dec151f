// Lessons for the hops between nodes and out of the cluster.

import type { Lesson } from './types';

export const wireLessons: readonly Lesson[] = [
  {
    kind: 'encap',
    title: 'Encapsulation',
    what: 'With an overlay, the sending node wraps the pod packet in an outer packet addressed from its own IP to the destination node: VXLAN (outer IP + UDP + VXLAN header + inner Ethernet header), IP-in-IP, Geneve or WireGuard.',
    packet:
      'Inner packet unchanged (pod IP to pod IP). Outer source and destination: the two node IPs. The overhead on an IPv4 underlay is 50 bytes for VXLAN and Geneve, 20 for IP-in-IP, 60 for WireGuard, so a 1500-byte pod packet becomes 1550 bytes with VXLAN.',
    wrong:
      'If the outer packet is larger than the underlay MTU it is dropped (TCP sets Don\'t Fragment). The ICMP "fragmentation needed" answer is often lost, so nothing reports the drop: pings and health checks work, large transfers hang. That is an MTU black hole.',
    commands: [
      'ip -d link show vxlan.calico   # or flannel.1, cilium_vxlan, tunl0, wireguard.cali',
      'tracepath -n DEST_POD_IP',
      'ping -M do -s 1422 DEST_POD_IP   # 1422 + 28 = a 1450-byte packet',
      'tcpdump -ni eth0 udp port 4789 or udp port 8472',
    ],
  },
  {
    kind: 'routed',
    title: 'Native routing',
    what: "No tunnel: the pod packet goes onto the network as it is, and the next hop is the destination node. Routes to other nodes' pod ranges come from BGP (Calico), from direct routes on one L2 segment (Flannel host-gw), or from the cloud's route tables (Cilium native routing).",
    packet: 'Pod IP to pod IP on the wire, no overhead: the pod MTU may equal the underlay MTU.',
    wrong:
      'The network between nodes does not know the pod ranges (a router without the routes, a cloud source/destination check), a BGP session is down, or host-gw is used across subnets.',
    commands: ['ip route | grep -E "bird|POD_CIDR"', 'calicoctl node status', 'ip route get DEST_POD_IP'],
  },
  {
    kind: 'underlay',
    title: 'The underlay network',
    what: 'The real network between the nodes: NICs, switches, routers or the cloud VPC. It only sees node-to-node packets (or pod IPs when routing natively).',
    packet:
      'Outer addresses: node to node. Its MTU is usually 1500 bytes (some clouds use 1460 or jumbo frames up to 9001); it is not in the Kubernetes API, so packetpath takes it from the snapshot settings or assumes 1500.',
    wrong:
      'Packets larger than the underlay MTU are dropped; a firewall or security group blocks the tunnel (UDP 4789 or 8472 for VXLAN, IP protocol 4 for IP-in-IP, UDP 51820 for WireGuard).',
    commands: [
      'ip link show eth0',
      'ping -M do -s 1472 PEER_NODE_IP   # 1472 + 28 = 1500',
      'tcpdump -ni eth0 host PEER_NODE_IP',
    ],
  },
  {
    kind: 'decap',
    title: 'Decapsulation',
    what: "The destination node's tunnel device strips the outer header. The inner packet re-enters the node's routing as if it had arrived on a local interface and is routed to the destination pod's veth.",
    packet: 'Back to the inner addresses: pod IP to pod IP, the size it had before encapsulation.',
    wrong:
      'If the outer packet was dropped on the way there is nothing to decapsulate; otherwise a tunnel device that is down, a VNI mismatch, or reverse-path filtering drops it here.',
    commands: [
      'tcpdump -ni vxlan.calico host DEST_POD_IP',
      'ip -s link show vxlan.calico',
      'ip route get DEST_POD_IP',
    ],
  },
  {
    kind: 'snat',
    title: 'Source NAT',
    what: "The node rewrites the packet's source address to its own (masquerade) and remembers it in conntrack to reverse the replies. It happens when pod traffic leaves the pod network (Calico natOutgoing, Flannel --ip-masq, Cilium masquerade) and when a Service with externalTrafficPolicy: Cluster forwards outside traffic to another node.",
    packet:
      'Source changes from the pod IP (or the outside client IP) to the node IP; the destination is unchanged.',
    wrong:
      'The receiver sees the node, not the real client: access logs, IP allowlists, rate limits and NetworkPolicy ipBlock rules all see the node IP. External firewalls must allow the node addresses.',
    commands: [
      'iptables -t nat -L POSTROUTING -n -v',
      'conntrack -L -s POD_IP',
      'tcpdump -ni eth0 host DEST_IP',
    ],
  },
  {
    kind: 'external',
    title: 'Outside the cluster',
    what: "The destination is not a pod: a service on the internet, a database VM, another network. The packet leaves through the node's default route.",
    packet:
      'Usually source-NATed to the node IP, because pod IPs are not routable outside; destination: the external address.',
    wrong:
      'An egress policy or firewall denies it, pod IPs leave without NAT and replies never find their way back, or a VPN or tunnel on the way has a smaller MTU.',
    commands: [
      'kubectl exec -n NS POD -- curl -v https://HOST/',
      'tracepath -n DEST_IP',
      'ip route get DEST_IP',
    ],
  },
];
