// An Ingress applied from a GitOps repository carries no status.loadBalancer: the path is
// still entered through the controller that claims its class.
//
// Upstream behaviour followed:
// - IngressClass spec.controller names the controller; ingress-nginx claims the classes
//   whose controller equals its --controller-class (default k8s.io/ingress-nginx) and, for
//   Ingresses without a class, --ingress-class (kubernetes/ingress-nginx
//   cmd/nginx/flags.go; docs https://kubernetes.github.io/ingress-nginx/user-guide/multiple-ingress/).
// - The controller's pods are reached through the Service that selects them (the chart's
//   LoadBalancer Service ingress-nginx-controller); the published status is only a copy of
//   that Service's address (--publish-service), so its absence changes nothing on the wire.
// - Gateways: Envoy Gateway labels the Service it creates per Gateway
//   gateway.envoyproxy.io/owning-gateway-name / -namespace (envoyproxy/gateway
//   internal/infrastructure/kubernetes/proxy/resource.go); Istio names it
//   `<gateway>-<gatewayClassName>` with label gateway.networking.k8s.io/gateway-name
//   (https://istio.io/latest/docs/tasks/traffic-management/ingress/gateway-api/#automated-deployment);
//   Cilium names it `cilium-gateway-<gateway>` with label io.cilium.gateway/owning-gateway
//   (cilium/cilium operator/pkg/model/translation/gateway-api: ciliumGatewayPrefix, owningGatewayLabel).

import { describe, expect, it } from 'vitest';
import { base, codes, hop, kinds, traceIn } from './dump';

const shopIngress = (extra = '') => `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: shop, namespace: shop}
spec:
  ingressClassName: nginx
  rules:
  - host: shop.example.no
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {name: http}}}}
${extra}`;

describe('Ingress without status.loadBalancer', () => {
  it('enters through the MetalLB address of the controller Service that selects the ingress-nginx pods', () => {
    const r = traceIn(base({ lbIP: '192.168.1.240', etp: 'Local' }) + shopIngress(), {
      from: 'ip:198.51.100.7',
      to: 'https://shop.example.no/',
    });
    expect(r.verdict).toBe('delivered');
    const k = kinds(r);
    expect(k.slice(0, 3)).toEqual(['client', 'load-balancer', 'node-port']);
    expect(k.indexOf('ingress')).toBeGreaterThan(k.indexOf('node-port'));
    expect(k[k.length - 1]).toBe('endpoint');
    const lb = hop(r, 'load-balancer')!;
    expect(lb.label).toContain('192.168.1.240');
    // The hop says what was inferred and why.
    expect(lb.facts?.['entry inferred']).toContain('the Ingress has no status.loadBalancer');
    expect(lb.facts?.['entry inferred']).toContain(
      'Deployment ingress-nginx/ingress-nginx-controller (--controller-class=k8s.io/ingress-nginx, --ingress-class=nginx)',
    );
    expect(lb.facts?.['entry inferred']).toContain(
      'LoadBalancer Service ingress-nginx/ingress-nginx-controller, which selects them',
    );
    expect(lb.facts?.['controller Service']).toBe('ingress-nginx/ingress-nginx-controller (LoadBalancer)');
    // externalTrafficPolicy Local: nginx sees the client; the backend sees the controller pod.
    expect(hop(r, 'ingress')!.src).toBe('198.51.100.7');
    expect(hop(r, 'endpoint')!.src).toBe('10.244.1.20');
    expect(codes(r)).toContain('CLIENT_IP_VIA_HEADER');
    expect(hop(r, 'ingress')!.facts?.['X-Forwarded-For / X-Real-IP']).toBe('198.51.100.7 / 198.51.100.7');
  });

  it('finds a controller Service that carries none of the chart labels through the Deployment args and the pods it selects', () => {
    // Plain manifests: the Service has no labels, so only its selector ties it to the controller.
    const yaml = base({ lbIP: '192.168.1.240', etp: 'Local' }).replace(
      /(kind: Service\nmetadata: \{name: ingress-nginx-controller, namespace: ingress-nginx), labels: \{[^}]*\}\}/,
      '$1}',
    );
    expect(yaml).toContain(
      'kind: Service\nmetadata: {name: ingress-nginx-controller, namespace: ingress-nginx}\n',
    );
    const r = traceIn(yaml + shopIngress(), { from: 'ip:198.51.100.7', to: 'https://shop.example.no/' });
    expect(kinds(r).slice(0, 2)).toEqual(['client', 'load-balancer']);
    expect(hop(r, 'load-balancer')!.facts?.['entry inferred']).toContain(
      'pods ingress-nginx/ingress-nginx-controller-7d9f-abcde → LoadBalancer Service ingress-nginx/ingress-nginx-controller',
    );
    expect(hop(r, 'endpoint')!.label).toContain('shop/web-5c8d-x1');
  });

  it("a hostNetwork DaemonSet controller without a Service is entered at a node's own address, keeping the client", () => {
    // ingress-nginx "Bare-metal considerations" (https://kubernetes.github.io/ingress-nginx/deploy/baremetal/#via-the-host-network):
    // with hostNetwork: true nginx binds ports 80/443 of the node itself.
    const yaml = base({ etp: 'Local' })
      .replace(
        'kind: Deployment\nmetadata: {name: ingress-nginx-controller',
        'kind: DaemonSet\nmetadata: {name: ingress-nginx-controller',
      )
      .replace(
        /kind: Service\nmetadata: \{name: ingress-nginx-controller, namespace: ingress-nginx,[\s\S]*?status: \{loadBalancer: \{\}\}\n/,
        'kind: ConfigMap\nmetadata: {name: placeholder, namespace: ingress-nginx}\n',
      )
      .replace(/(name: ingress-nginx-controller-7d9f-abcde[\s\S]*?spec:\n)/, '$1  hostNetwork: true\n')
      .replace(
        'podIP: 10.244.1.20\n  podIPs: [{ip: 10.244.1.20}]',
        'podIP: 192.168.1.11\n  podIPs: [{ip: 192.168.1.11}]',
      );
    expect(yaml).toContain('hostNetwork: true');
    expect(yaml).not.toContain('type: LoadBalancer');
    const r = traceIn(yaml + shopIngress(), { from: 'ip:198.51.100.7', to: 'https://shop.example.no/' });
    expect(kinds(r).slice(0, 3)).toEqual(['client', 'node', 'ingress']);
    const n = r.hops[1]!;
    expect(n.label).toBe('worker-1 port 443 (hostNetwork ingress-nginx/ingress-nginx-controller-7d9f-abcde)');
    expect(n.dst).toBe('192.168.1.11:443');
    expect(n.facts?.['entry inferred']).toContain('DaemonSet ingress-nginx/ingress-nginx-controller');
    expect(n.facts?.['entry inferred']).toContain('with hostNetwork: true');
    expect(hop(r, 'ingress')!.src).toBe('198.51.100.7');
    // The backend sees the node address the hostNetwork controller connects from.
    expect(hop(r, 'endpoint')!.src).toBe('192.168.1.11');
  });

  it('with the controller Service still pending, the trace stops at the load balancer (LB_PENDING), not at the Ingress', () => {
    const yaml = base({ etp: 'Local' }).replace(
      /kind: IPAddressPool[\s\S]*?spec: \{ipAddressPools: \[public\]\}\n/,
      'kind: ConfigMap\nmetadata: {name: unrelated, namespace: default}\n',
    );
    const r = traceIn(yaml + shopIngress(), { from: 'ip:198.51.100.7', to: 'https://shop.example.no/' });
    expect(r.verdict).toBe('dropped');
    expect(kinds(r)).toEqual(['client', 'load-balancer']);
    expect(codes(r)).toContain('LB_PENDING');
    expect(hop(r, 'load-balancer')!.facts?.['entry inferred']).toContain(
      'ingress-nginx/ingress-nginx-controller',
    );
  });

  it("Gateway without status.addresses: Envoy Gateway's per-Gateway Service in its own namespace", () => {
    const gw = `---
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: eg}
spec: {controllerName: gateway.envoyproxy.io/gatewayclass-controller}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: external, namespace: shop}
spec:
  gatewayClassName: eg
  listeners: [{name: http, port: 80, protocol: HTTP}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web, namespace: shop}
spec:
  parentRefs: [{name: external}]
  hostnames: [gw.example.no]
  rules: [{backendRefs: [{name: web, port: 80}]}]
---
apiVersion: v1
kind: Service
metadata:
  name: envoy-shop-external-3f2a1b9c
  namespace: envoy-gateway-system
  labels: {gateway.envoyproxy.io/owning-gateway-name: external, gateway.envoyproxy.io/owning-gateway-namespace: shop, app.kubernetes.io/name: envoy}
spec:
  type: LoadBalancer
  externalTrafficPolicy: Local
  clusterIP: 10.96.200.10
  selector: {app.kubernetes.io/name: envoy, gateway.envoyproxy.io/owning-gateway-name: external, gateway.envoyproxy.io/owning-gateway-namespace: shop}
  ports: [{name: http-80, port: 80, targetPort: 10080, nodePort: 32080}]
status: {loadBalancer: {ingress: [{ip: 192.168.1.241}]}}
`;
    const envoyPod = `---
apiVersion: v1
kind: Pod
metadata:
  name: envoy-shop-external-3f2a1b9c-6d5c4-qwert
  namespace: envoy-gateway-system
  labels: {app.kubernetes.io/name: envoy, gateway.envoyproxy.io/owning-gateway-name: external, gateway.envoyproxy.io/owning-gateway-namespace: shop}
spec:
  nodeName: worker-2
  containers: [{name: envoy, image: envoyproxy/envoy:distroless-v1.31.0, ports: [{containerPort: 10080}]}]
status: {phase: Running, podIP: 10.244.2.50, podIPs: [{ip: 10.244.2.50}], conditions: [{type: Ready, status: "True"}]}
`;
    const r = traceIn(base() + gw + envoyPod, { from: 'ip:198.51.100.7', to: 'http://gw.example.no/' });
    expect(r.verdict).toBe('delivered');
    expect(kinds(r).slice(0, 3)).toEqual(['client', 'load-balancer', 'node-port']);
    expect(hop(r, 'load-balancer')!.label).toContain('192.168.1.241');
    expect(hop(r, 'load-balancer')!.facts?.['entry inferred']).toContain(
      'the Gateway has no status.addresses',
    );
    expect(hop(r, 'load-balancer')!.facts?.['entry inferred']).toContain(
      'envoy-gateway-system/envoy-shop-external-3f2a1b9c',
    );
    expect(hop(r, 'gateway')!.node).toBe('worker-2');
    expect(hop(r, 'endpoint')!.src).toBe('10.244.2.50');
    expect(codes(r)).toContain('CLIENT_IP_VIA_HEADER');
  });

  it("Gateway without status.addresses: Istio's `<gateway>-<class>` Service in the Gateway's namespace", () => {
    const istio = `---
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: istio}
spec: {controllerName: istio.io/gateway-controller}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: public, namespace: shop}
spec:
  gatewayClassName: istio
  listeners: [{name: http, port: 80, protocol: HTTP}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web, namespace: shop}
spec:
  parentRefs: [{name: public}]
  rules: [{backendRefs: [{name: web, port: 80}]}]
---
apiVersion: v1
kind: Service
metadata: {name: public-istio, namespace: shop, labels: {gateway.networking.k8s.io/gateway-name: public}}
spec:
  type: LoadBalancer
  externalTrafficPolicy: Local
  clusterIP: 10.96.210.10
  selector: {gateway.networking.k8s.io/gateway-name: public}
  ports: [{name: http, port: 80, targetPort: 80, nodePort: 32081}]
status: {loadBalancer: {ingress: [{ip: 192.168.1.242}]}}
---
apiVersion: v1
kind: Pod
metadata: {name: public-istio-5b7c9-zxcvb, namespace: shop, labels: {gateway.networking.k8s.io/gateway-name: public}}
spec:
  nodeName: worker-1
  containers: [{name: istio-proxy, image: docker.io/istio/proxyv2:1.23.0, ports: [{containerPort: 80}]}]
status: {phase: Running, podIP: 10.244.1.60, podIPs: [{ip: 10.244.1.60}], conditions: [{type: Ready, status: "True"}]}
`;
    const r = traceIn(base() + istio, { from: 'ip:198.51.100.7', to: 'http://anything.example.no/' });
    expect(hop(r, 'load-balancer')!.label).toContain('192.168.1.242');
    expect(hop(r, 'load-balancer')!.facts?.['entry inferred']).toContain('shop/public-istio');
    expect(hop(r, 'gateway')!.facts?.['proxy Service']).toBe('shop/public-istio (inferred)');
    expect(hop(r, 'endpoint')!.src).toBe('10.244.1.60');
  });
});

describe('URL by address', () => {
  it('http://<controller LB address>/ reaches a host-less Ingress rule without status through its controller', () => {
    const hostless = `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: any-host, namespace: shop}
spec:
  ingressClassName: nginx
  rules: [{http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {name: http}}}}]}}]
`;
    const r = traceIn(base({ lbIP: '192.168.1.240', etp: 'Local' }) + hostless, {
      from: 'ip:198.51.100.7',
      to: 'http://192.168.1.240/',
    });
    expect(kinds(r)).toContain('ingress');
    expect(hop(r, 'ingress')!.label).toBe('Ingress shop/any-host Prefix /');
    expect(hop(r, 'endpoint')!.label).toContain('shop/web-5c8d-x1');
  });
});
