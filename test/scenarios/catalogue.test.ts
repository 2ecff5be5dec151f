// The built-in scenarios as data: links between broken and fixed variants, stories,
// determinism, and objects that look exactly like a real cluster's (owners, IPs, slices).

import { describe, expect, it } from 'vitest';
import { loadModel } from 'lib/ingest';
import type { KubeObject } from 'lib/model/types';
import { getScenario, scenarios, scenarioSnapshot } from 'lib/scenarios';
import { serviceL2Status } from 'lib/scenarios/build/metallb';
import { SERVICE_V6_CIDR } from 'lib/scenarios/build/dual-stack';
import { cidrContains } from 'lib/engine/net';

const BROKEN_WITH_FIX = [
  'vxlan-mtu-blackhole',
  'client-ip-lost-etp-cluster',
  'default-deny-breaks-dns',
  'lb-pending-no-metallb',
  'metallb-pool-not-advertised',
  'ipvs-strictarp-metallb',
  'named-port-mismatch',
  'gateway-canary',
  'iptables-at-scale',
  'cilium-dsr-old-kernel',
  'flannel-ip-masq-egress',
  'calico-ipip-crosssubnet',
];

function ofKind(objects: readonly KubeObject[], kind: string): KubeObject[] {
  return objects.filter((o) => o.kind === kind);
}

function field<T>(o: unknown, path: string): T {
  let cur: unknown = o;
  for (const p of path.split('.')) cur = (cur as Record<string, unknown> | undefined)?.[p];
  return cur as T;
}

describe('scenario catalogue', () => {
  it('lists every required story with a fixed variant, in home-page order', () => {
    const slugs = scenarios.map((s) => s.slug);
    for (const slug of BROKEN_WITH_FIX) expect(slugs).toContain(slug);
    expect(new Set(slugs).size).toBe(slugs.length);
    expect(slugs[0]).toBe('vxlan-mtu-blackhole');
    // A fixed variant comes right after the scenario it fixes.
    for (const s of scenarios.filter((x) => x.fixes)) {
      const i = slugs.indexOf(s.slug);
      expect(slugs.slice(0, i)).toContain(s.fixes);
    }
  });

  it('links broken and fixed variants both ways', () => {
    for (const slug of BROKEN_WITH_FIX) {
      const broken = getScenario(slug)!;
      expect(broken.fixedBy, slug).toBeDefined();
      const fixed = getScenario(broken.fixedBy!);
      expect(fixed, `${slug} → ${broken.fixedBy}`).toBeDefined();
      expect(fixed!.fixes).toBeDefined();
      expect(getScenario(fixed!.fixes!)?.fixedBy).toBe(fixed!.slug);
    }
  });

  it('gives every scenario a kebab-case slug, a title, a 2-3 sentence story, tags and queries', () => {
    for (const s of scenarios) {
      expect(s.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(s.title.length).toBeGreaterThan(10);
      const sentences = s.story.split(/(?<=[.!?])\s+(?=\S)/).filter(Boolean);
      expect(sentences.length, `${s.slug}: ${s.story}`).toBeGreaterThanOrEqual(2);
      expect(sentences.length, s.slug).toBeLessThanOrEqual(3);
      expect(s.tags.length).toBeGreaterThan(0);
      expect(s.queries.length).toBeGreaterThan(0);
      for (const q of s.queries) {
        expect(q.label.length).toBeGreaterThan(3);
        expect(q.from).toMatch(/^(pod|svc|node|ip|deploy|sts|ds|rs|job):|^https?:\/\//);
        expect(q.to).toMatch(/^(pod|svc|node|ip):|^https?:\/\//);
      }
    }
  });

  it('leaves the underlay MTU unset in exactly one scenario, so MTU_ASSUMED has a demo', () => {
    const unset = scenarios.filter(
      (s) => s.settings.underlayMTU === undefined && !s.settings.nodeUnderlayMTU,
    );
    expect(unset.map((s) => s.slug)).toEqual(['flannel-ip-masq-egress']);
  });

  it('covers every Service type and the common kinds across the catalogue', () => {
    const all = scenarios
      .filter((s) => s.slug !== 'large-cluster' && !s.slug.endsWith('-at-scale'))
      .flatMap((s) => s.objects);
    const types = new Set(all.filter((o) => o.kind === 'Service').map((o) => field<string>(o, 'spec.type')));
    expect([...types].sort()).toEqual(['ClusterIP', 'LoadBalancer', 'NodePort']);
    const kinds = new Set(all.map((o) => o.kind));
    for (const k of [
      'Namespace',
      'Node',
      'Pod',
      'Deployment',
      'ReplicaSet',
      'DaemonSet',
      'StatefulSet',
      'Service',
      'EndpointSlice',
      'NetworkPolicy',
      'ConfigMap',
      'IPPool',
      'Installation',
      'FelixConfiguration',
      'BGPConfiguration',
      'IPAddressPool',
      'L2Advertisement',
      'IngressClass',
      'Ingress',
      'GatewayClass',
      'Gateway',
      'HTTPRoute',
      'ReferenceGrant',
    ])
      expect(kinds.has(k), k).toBe(true);
  });

  it('returns undefined for an unknown slug and a fixed snapshot for a known one', () => {
    expect(getScenario('no-such-scenario')).toBeUndefined();
    const s = getScenario('vxlan-mtu-blackhole')!;
    const snap = scenarioSnapshot(s);
    expect(snap.meta.kind).toBe('scenario');
    expect(snap.meta.title).toBe(s.title);
    expect(snap.meta.capturedAt).toBe('2024-10-21T09:30:00Z');
    expect(snap.settings).toEqual({ underlayMTU: 1500 });
    expect(snap.objects).toBe(s.objects);
    expect(scenarioSnapshot(s)).toEqual(snap);
  });

  it('fixed variants differ from their broken scenario only by the documented change', () => {
    const diff = (a: string, b: string) => {
      const key = (o: KubeObject) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
      const A = new Map(getScenario(a)!.objects.map((o) => [key(o), JSON.stringify(o)]));
      const B = new Map(getScenario(b)!.objects.map((o) => [key(o), JSON.stringify(o)]));
      const changed = [...B.keys()].filter((k) => A.get(k) !== B.get(k));
      const removed = [...A.keys()].filter((k) => !B.has(k));
      return [...changed, ...removed.map((k) => `-${k}`)].sort();
    };
    expect(diff('vxlan-mtu-blackhole', 'vxlan-mtu-fixed')).toEqual([
      'FelixConfiguration//default',
      'Installation//default',
    ]);
    expect(diff('default-deny-breaks-dns', 'default-deny-allow-dns')).toEqual([
      'NetworkPolicy/shop/allow-dns',
    ]);
    const l2 = (ns: string, svc: string, node: string) =>
      `ServiceL2Status/metallb-system/${serviceL2Status(ns, svc, node).metadata.name}`;
    expect(diff('client-ip-lost-etp-cluster', 'client-ip-kept-etp-local')).toEqual(
      [
        'Service/ingress-nginx/ingress-nginx-controller',
        l2('ingress-nginx', 'ingress-nginx-controller', 'worker-1'),
        `-${l2('ingress-nginx', 'ingress-nginx-controller', 'worker-3')}`,
      ].sort(),
    );
    expect(diff('metallb-pool-not-advertised', 'metallb-l2-advertised')).toEqual([
      'L2Advertisement/metallb-system/public-l2',
      l2('shop', 'storefront', 'worker-2'),
    ]);
    expect(diff('gateway-canary', 'gateway-canary-fixed')).toEqual([
      'HTTPRoute/production/store-route',
      'ReferenceGrant/canary/allow-production-routes',
    ]);
    expect(diff('cilium-dsr-old-kernel', 'cilium-dsr-kernel-upgraded')).toEqual(['Node//worker-3']);
    expect(diff('calico-ipip-crosssubnet', 'calico-ipip-crosssubnet-fixed')).toEqual([
      'Installation//default',
    ]);
    expect(diff('iptables-at-scale', 'ipvs-at-scale')).toEqual(['ConfigMap/kube-system/kube-proxy']);
    expect(diff('named-port-mismatch', 'named-port-fixed')).toEqual([
      'EndpointSlice/shop/checkout-knpfq',
      'Service/shop/checkout',
    ]);
    expect(diff('ipvs-strictarp-metallb', 'ipvs-strictarp-enabled')).toEqual([
      'ConfigMap/kube-system/kube-proxy',
    ]);
    expect(diff('flannel-ip-masq-egress', 'flannel-egress-mtu-stated')).toEqual([]);
    expect(getScenario('flannel-egress-mtu-stated')!.settings.underlayMTU).toBe(1500);
    expect(diff('dual-stack-ipv6-mtu', 'dual-stack-ipv6-mtu-fixed')).toEqual([
      'FelixConfiguration//default',
      'Installation//default',
    ]);
  });
});

describe.each(scenarios.map((s) => [s.slug, s] as const))('scenario %s objects', (_slug, scenario) => {
  const objects = scenario.objects;

  it('pass ingest without errors', () => {
    const model = loadModel(scenarioSnapshot(scenario));
    expect(model.pods.size).toBeGreaterThan(10);
    // Only the Cilium LB-IPAM kinds are outside what the engine reads (ServiceL2Status: see below).
    const unexpected = model.warnings.filter(
      (w) => !(w.code === 'IGNORED_KIND' && /^(Cilium|ServiceL2Status$)/.test(w.ref?.kind ?? '')),
    );
    expect(unexpected).toEqual([]);
  });

  it('does not call ServiceL2Status unused: the tracer reads it to find the announcing node', () => {
    const model = loadModel(scenarioSnapshot(scenario));
    expect(model.warnings.filter((w) => w.ref?.kind === 'ServiceL2Status')).toEqual([]);
  });

  it('are dozens of real-looking objects with unique uids', () => {
    expect(objects.length).toBeGreaterThanOrEqual(40);
    const uids = objects.map((o) => o.metadata.uid);
    expect(new Set(uids).size).toBe(uids.length);
    for (const o of objects) {
      expect(o.apiVersion, `${o.kind} ${o.metadata.name}`).toBeTruthy();
      expect(o.metadata.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(o.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(o.metadata.resourceVersion).toMatch(/^\d+$/);
    }
  });

  it('declares every namespace it uses, with the kubernetes.io/metadata.name label', () => {
    const declared = new Map(
      ofKind(objects, 'Namespace').map((n) => [n.metadata.name, n.metadata.labels ?? {}]),
    );
    for (const [name, labels] of declared) expect(labels['kubernetes.io/metadata.name']).toBe(name);
    for (const o of objects)
      if (o.metadata.namespace)
        expect(
          declared.has(o.metadata.namespace),
          `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`,
        ).toBe(true);
  });

  it('owns every pod through a controller that exists, with matching uid and labels', () => {
    const byUid = new Map(objects.map((o) => [o.metadata.uid, o]));
    for (const pod of ofKind(objects, 'Pod')) {
      const refs = pod.metadata.ownerReferences ?? [];
      expect(refs).toHaveLength(1);
      const owner = byUid.get(refs[0]!.uid);
      expect(owner, pod.metadata.name).toBeDefined();
      expect(owner!.kind).toBe(refs[0]!.kind);
      expect(owner!.metadata.name).toBe(refs[0]!.name);
      expect(refs[0]!.controller).toBe(true);
      if (owner!.kind === 'Node') {
        // A static (mirror) pod: host network, on the node that owns it.
        expect(field<string>(pod, 'spec.nodeName')).toBe(owner!.metadata.name);
        expect(field<boolean>(pod, 'spec.hostNetwork')).toBe(true);
        continue;
      }
      const selector = field<Record<string, string>>(owner, 'spec.selector.matchLabels');
      for (const [k, v] of Object.entries(selector)) expect(pod.metadata.labels?.[k]).toBe(v);
      if (owner!.kind === 'ReplicaSet') {
        const dep = byUid.get(owner!.metadata.ownerReferences?.[0]?.uid);
        expect(dep?.kind).toBe('Deployment');
        expect(pod.metadata.name!.startsWith(`${owner!.metadata.name}-`)).toBe(true);
      }
    }
  });

  it("places every pod on a node, inside that node's pod CIDR (or on its address for host network)", () => {
    const nodes = new Map(ofKind(objects, 'Node').map((n) => [n.metadata.name, n]));
    const ips = new Set<string>();
    for (const pod of ofKind(objects, 'Pod')) {
      const node = nodes.get(field<string>(pod, 'spec.nodeName'));
      expect(node, pod.metadata.name).toBeDefined();
      const podIP = field<string>(pod, 'status.podIP');
      const nodeIPs = field<Array<{ type: string; address: string }>>(node, 'status.addresses')
        .filter((a) => a.type === 'InternalIP')
        .map((a) => a.address);
      const nodeIP = nodeIPs[0]!;
      expect(field<string>(pod, 'status.hostIP')).toBe(nodeIP);
      // Dual-stack: podIPs lists podIP first, then at most one address of the other family
      // (https://kubernetes.io/docs/concepts/services-networking/dual-stack/).
      const podIPs = field<Array<{ ip: string }>>(pod, 'status.podIPs').map((p) => p.ip);
      expect(podIPs[0]).toBe(podIP);
      expect(podIPs.length).toBe(nodeIPs.length);
      expect(new Set(podIPs.map((ip) => ip.includes(':'))).size).toBe(podIPs.length);
      const podCIDRs = field<string[] | undefined>(node, 'spec.podCIDRs') ?? [
        field<string>(node, 'spec.podCIDR'),
      ];
      for (const ip of podIPs) {
        if (field<boolean>(pod, 'spec.hostNetwork')) {
          expect(nodeIPs).toContain(ip);
        } else {
          expect(
            podCIDRs.some((c) => cidrContains(c, ip)),
            `${pod.metadata.name} ${ip}`,
          ).toBe(true);
          expect(ips.has(ip), `duplicate pod IP ${ip}`).toBe(false);
          ips.add(ip);
        }
      }
    }
  });

  it('keeps every EndpointSlice consistent with the pods its Service selects', () => {
    const pods = ofKind(objects, 'Pod');
    const services = new Map(
      ofKind(objects, 'Service').map((s) => [`${s.metadata.namespace}/${s.metadata.name}`, s]),
    );
    for (const slice of ofKind(objects, 'EndpointSlice')) {
      const svcName = slice.metadata.labels?.['kubernetes.io/service-name'];
      const svc = services.get(`${slice.metadata.namespace}/${svcName}`);
      expect(svc, slice.metadata.name).toBeDefined();
      const selector = field<Record<string, string> | undefined>(svc, 'spec.selector');
      if (!selector) continue;
      const selected = pods.filter(
        (p) =>
          p.metadata.namespace === svc!.metadata.namespace &&
          Object.entries(selector).every(([k, v]) => p.metadata.labels?.[k] === v),
      );
      const endpoints = field<Array<Record<string, unknown>>>(slice, 'endpoints');
      expect(endpoints.map((e) => (e['targetRef'] as { name: string }).name).sort()).toEqual(
        selected.map((p) => p.metadata.name).sort(),
      );
      for (const e of endpoints) {
        const pod = selected.find((p) => p.metadata.name === (e['targetRef'] as { name: string }).name)!;
        const family = field<string>(slice, 'addressType') === 'IPv6';
        expect(e['addresses']).toEqual([
          field<Array<{ ip: string }>>(pod, 'status.podIPs')
            .map((p) => p.ip)
            .find((ip) => ip.includes(':') === family),
        ]);
        expect(e['nodeName']).toBe(field<string>(pod, 'spec.nodeName'));
        expect((e['targetRef'] as { uid: string }).uid).toBe(pod.metadata.uid);
        const ready =
          field<Array<{ type: string; status: string }>>(pod, 'status.conditions').find(
            (c) => c.type === 'Ready',
          )!.status === 'True';
        expect(e['conditions']).toEqual({ ready, serving: ready, terminating: false });
      }
    }
  });

  it('gives Services unique ClusterIPs inside 10.96.0.0/12 and unique node ports', () => {
    const ips = new Set<string>();
    const nodePorts = new Set<number>();
    for (const svc of ofKind(objects, 'Service')) {
      const ip = field<string>(svc, 'spec.clusterIP');
      if (ip === 'None') continue;
      // One ClusterIP per family, clusterIP = clusterIPs[0], from the family's service CIDR.
      const clusterIPs = field<string[]>(svc, 'spec.clusterIPs');
      expect(clusterIPs[0]).toBe(ip);
      expect(field<string[]>(svc, 'spec.ipFamilies')).toEqual(
        clusterIPs.map((c) => (c.includes(':') ? 'IPv6' : 'IPv4')),
      );
      for (const c of clusterIPs) {
        expect(cidrContains(c.includes(':') ? SERVICE_V6_CIDR : '10.96.0.0/12', c), c).toBe(true);
        expect(ips.has(c), c).toBe(false);
        ips.add(c);
      }
      for (const p of field<Array<{ nodePort?: number }>>(svc, 'spec.ports')) {
        if (p.nodePort === undefined) continue;
        expect(p.nodePort).toBeGreaterThanOrEqual(30000);
        expect(p.nodePort).toBeLessThanOrEqual(32767);
        expect(nodePorts.has(p.nodePort)).toBe(false);
        nodePorts.add(p.nodePort);
      }
    }
    expect(ips.has('10.96.0.10')).toBe(true);
  });

  it('names existing pods and services in its queries', () => {
    const model = loadModel(scenarioSnapshot(scenario));
    for (const q of scenario.queries) {
      for (const end of [q.from, q.to]) {
        const m = /^(pod|svc):([^/]+)\/(.+)$/.exec(end);
        if (!m) continue;
        if (m[1] === 'pod') expect(model.pods.has(`${m[2]}/${m[3]}`), end).toBe(true);
        else expect(model.services.has(`${m[2]}/${m[3]}`), end).toBe(true);
      }
    }
  });
});
