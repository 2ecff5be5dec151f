// Lessons for the hops at the edges of a pod: its interface, the veth pair, the node's
// routing, policy checks and the destination socket.

import type { Lesson } from './types';

export const podLessons: readonly Lesson[] = [
  {
    kind: 'policy-egress',
    title: 'Egress NetworkPolicy',
    what: 'Not a place but a decision, enforced by the CNI on the source node (iptables chains or eBPF). A pod is isolated for egress only when some NetworkPolicy selects it and lists Egress in policyTypes; then only what the union of those policies allows may leave.',
    packet:
      'The check runs after Service translation, so it matches the destination pod IP and target port, not the ClusterIP. A denied packet is dropped silently: the client sees a timeout, not an error.',
    wrong:
      'A default-deny egress policy that forgets DNS (UDP and TCP 53 to CoreDNS in kube-system) breaks every name lookup; a rule that allows the Service port instead of the pod targetPort allows nothing.',
    commands: [
      'kubectl get networkpolicy -n NS',
      'kubectl describe networkpolicy -n NS NAME',
      'hubble observe --pod NS/POD --verdict DROPPED',
    ],
  },
  {
    kind: 'pod-eth0',
    title: "The pod's eth0",
    what: "Inside the pod's network namespace the container sees one interface, eth0, holding the pod IP, and a default route towards the node. The CNI created it and set its MTU.",
    packet:
      'Source: the pod IP. Destination: the backend pod IP once the Service is translated. The eth0 MTU is the largest packet the pod sends; with an overlay it must leave room for the tunnel header (1450 for VXLAN on a 1500-byte network).',
    wrong:
      'A pod MTU larger than what the path carries after encapsulation: small packets pass, full-size ones vanish further on, and large requests or TLS handshakes hang.',
    commands: [
      'kubectl exec -n NS POD -- ip addr show eth0',
      'kubectl exec -n NS POD -- ip route',
      "crictl inspect --output go-template --template '{{.info.pid}}' CONTAINER_ID",
      'nsenter -t PID -n ip link show eth0',
    ],
  },
  {
    kind: 'veth',
    title: 'veth pair',
    what: "A veth pair is a virtual cable: one end is the pod's eth0, the other end sits on the node (cali… for Calico, lxc… for Cilium, veth… plugged into the cni0 bridge for Flannel). What goes in one end comes out the other.",
    packet: 'Unchanged: same addresses, same size. Both ends should have the same MTU.',
    wrong:
      'The host end has a different MTU than the pod end, or the node has no route for the pod IP pointing at this interface (Calico installs one /32 route per local pod).',
    commands: [
      'ip -d link show | grep -A1 -E "cali|lxc|veth"',
      'ip route | grep POD_IP',
      'tcpdump -ni HOST_IFACE host POD_IP',
    ],
  },
  {
    kind: 'node',
    title: 'Node routing',
    what: "The node's own network stack. Its routing table decides where the packet goes next: to a local pod through its veth, to another node through the tunnel device or directly, or out of the default route. iptables or eBPF hooks for Services, policy and masquerading run here too.",
    packet: 'Addresses as they are at this point; the routing decision depends only on the destination IP.',
    wrong:
      "A missing route to another node's pod range (a BGP session down, a node without its podCIDR), IP forwarding disabled, or reverse-path filtering dropping packets that arrive on an unexpected interface.",
    commands: [
      'ip route get DEST_IP',
      'ip route',
      'sysctl net.ipv4.ip_forward',
      'calicoctl node status',
      'cilium status',
    ],
  },
  {
    kind: 'policy-ingress',
    title: 'Ingress NetworkPolicy',
    what: "The destination side of the policy check, on the destination node. The pod is isolated for ingress when some policy selects it with Ingress in policyTypes; the connection needs both this and the source's egress to allow it.",
    packet:
      'The source address checked is the one that arrives: the client pod IP, or the node IP when the packet was SNATed on the way (externalTrafficPolicy: Cluster), which a podSelector rule does not match.',
    wrong:
      'A podSelector and a namespaceSelector in one list item mean AND, in separate items OR: one misplaced dash changes who may connect. Named ports must exist on the destination pod.',
    commands: [
      'kubectl get networkpolicy -n NS -o yaml',
      'kubectl get pods -n NS --show-labels',
      'kubectl get ns --show-labels',
    ],
  },
  {
    kind: 'endpoint',
    title: 'The destination pod',
    what: 'The packet reaches the destination pod through its veth and eth0, and the kernel hands it to the socket listening on the target port.',
    packet:
      'Destination: POD_IP:TARGET_PORT. Source: the client pod, or the node that SNATed it. The reply takes the reverse path, and conntrack undoes every translation on the way back.',
    wrong:
      "Nothing listens on the target port (connection refused), the process listens only on 127.0.0.1, or the pod is not Ready and was taken out of the Service's endpoints.",
    commands: [
      'kubectl exec -n NS POD -- ss -lntp',
      'kubectl get pod -n NS POD -o wide',
      'nsenter -t PID -n tcpdump -ni eth0 port TARGET_PORT',
    ],
  },
];
