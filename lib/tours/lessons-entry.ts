// Lessons for the hops where a packet enters the cluster or is steered to a backend.

import type { Lesson } from './types';

export const entryLessons: readonly Lesson[] = [
  {
    kind: 'client',
    title: 'The client',
    what: 'Every path starts with a process that opens a socket: a container in a pod, or a client outside the cluster. It has already resolved a name to an address (through CoreDNS for in-cluster names).',
    packet:
      'Source: the client address (the pod IP, or the public address of an outside client). Destination: whatever the client resolved, often a Service ClusterIP or a load-balancer IP, not a pod. The client interface MTU caps the packet size, and TCP advertises an MSS of that MTU minus 40 bytes.',
    wrong:
      'The name resolves to the wrong address, DNS itself is blocked by a default-deny egress policy (lookups time out), or the client sends larger packets than the path can carry.',
    commands: [
      'kubectl exec -n NS POD -- getent hosts SERVICE.NS.svc.cluster.local',
      'kubectl debug -n NS -it POD --image=nicolaka/netshoot --target=CONTAINER',
      'kubectl exec -n NS POD -- ip route get DEST_IP',
    ],
  },
  {
    kind: 'load-balancer',
    title: 'Load balancer',
    what: 'A LoadBalancer Service gets an external IP from a cloud load balancer or, on bare metal, from MetalLB. With MetalLB in L2 mode one node answers ARP for the IP; in BGP mode the routers send traffic to the nodes that announce it.',
    packet:
      'Source: the outside client. Destination: the load-balancer IP and the Service port. The load balancer hands the packet to a node (a cloud LB usually to the NodePort), where kube-proxy or eBPF translates it to a pod.',
    wrong:
      'The external IP stays <pending> (no controller or no free address pool), MetalLB assigns the IP but no L2Advertisement or BGPAdvertisement announces its pool, or kube-proxy in IPVS mode without strictARP lets every node answer ARP for the IP.',
    commands: [
      'kubectl get svc -n NS NAME -o wide',
      'kubectl get ipaddresspools,l2advertisements,bgpadvertisements -n metallb-system',
      'kubectl logs -n metallb-system -l component=speaker',
      'arping -I eth0 LB_IP',
    ],
  },
  {
    kind: 'node-port',
    title: 'NodePort',
    what: 'kube-proxy (or its eBPF replacement) accepts the Service on a port in 30000–32767 on every node address. The node that receives the packet picks a backend pod, which may run on another node.',
    packet:
      'Arrives as NODE_IP:NODE_PORT and is rewritten (DNAT) to POD_IP:TARGET_PORT. With externalTrafficPolicy: Cluster the node may forward to a pod elsewhere and rewrite the source to its own IP (SNAT), so the pod never sees the client address. With Local, only nodes with a ready local pod answer, and the client IP is kept.',
    wrong:
      'A NodePort open to the internet exposes the Service on every node; externalTrafficPolicy: Local on a node without a local endpoint drops the traffic; a firewall between client and nodes blocks the port range.',
    commands: [
      'iptables -t nat -L KUBE-NODEPORTS -n | grep NODE_PORT',
      'ipvsadm -Ln | grep NODE_PORT',
      'curl -v http://NODE_IP:NODE_PORT/',
    ],
  },
  {
    kind: 'ingress',
    title: 'Ingress controller',
    what: 'An Ingress controller (ingress-nginx, Traefik, ...) is a proxy running in pods. It ends the client connection (and TLS), matches the Host header and path against the Ingress rules, and opens a new connection to a backend pod of the chosen Service.',
    packet:
      'Two connections: client → controller (destination: the controller Service address, port 80/443), then controller pod → backend pod (source: the controller pod IP). The client IP survives only in headers such as X-Forwarded-For, and only if the controller itself saw it.',
    wrong:
      'No rule matches the host or path (404 from the default backend), the rule names a Service or port that does not exist (503), or no controller claims the Ingress class, so the Ingress never gets an address.',
    commands: [
      'kubectl get ingress -A',
      'kubectl describe ingress -n NS NAME',
      "curl -v -H 'Host: HOSTNAME' http://LB_IP/PATH",
      'kubectl logs -n ingress-nginx deploy/ingress-nginx-controller',
    ],
  },
  {
    kind: 'gateway',
    title: 'Gateway API',
    what: 'A Gateway defines listeners (port, protocol, hostname); HTTPRoutes attach to it through parentRefs and pick backends by path, header or method, optionally splitting traffic by weight. Like an Ingress, the data plane is a proxy that opens a new connection to the backend.',
    packet:
      'Client → Gateway address on the listener port, then proxy → backend pod. A weighted rule sends each request to one backend with the probability of its weight.',
    wrong:
      'The route is not Accepted by the Gateway (wrong parentRef or sectionName, or allowedRoutes excludes its namespace), no rule matches (404), or a backend in another namespace lacks a ReferenceGrant (ResolvedRefs is False).',
    commands: [
      'kubectl get gateway,httproute -A',
      'kubectl describe httproute -n NS NAME',
      'kubectl get referencegrant -A',
    ],
  },
  {
    kind: 'service',
    title: 'Service translation',
    what: 'A ClusterIP is virtual: no interface owns it. On the sending node, kube-proxy rules (iptables, IPVS or nftables) or eBPF programs pick one ready endpoint and rewrite the destination. Conntrack remembers the choice so replies are rewritten back.',
    packet:
      'Before: destination CLUSTER_IP:PORT. After: destination POD_IP:TARGET_PORT of the chosen endpoint (DNAT). The source stays the client pod. Everything after this point, including NetworkPolicy, sees the pod address, not the Service.',
    wrong:
      'No ready endpoints (the selector matches no Ready pod) gives "connection refused"; a targetPort that the pod does not listen on, or a named port the pod does not define, fails on the backend; thousands of Services make iptables rule updates and first packets slow.',
    commands: [
      'kubectl get endpointslices -n NS -l kubernetes.io/service-name=NAME',
      'iptables -t nat -L KUBE-SERVICES -n | grep CLUSTER_IP',
      'ipvsadm -Ln -t CLUSTER_IP:PORT',
      'conntrack -L -d CLUSTER_IP',
    ],
  },
];
