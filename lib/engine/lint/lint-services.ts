// Service-level lint checks: endpoints, target ports, node ports, load balancers.

import type { ClusterModel, Service } from '../../model/types';
import type { Finding } from '../types';
import { makeFinding } from '../findings/catalogue';
import { optionalPool, reservedPool } from '../platform/lb-pool';
import { addressEntryContains } from '../platform/net';
import type { PlatformInfo } from '../platform/types';
import { backendsOf, checkTargetPort, selectedPods, selectorText } from '../trace/endpoints';

function ev(svc: Service, field: string, value: string) {
  return { kind: 'Service', namespace: svc.namespace, name: svc.name, field, value };
}

export function lintService(model: ClusterModel, platform: PlatformInfo, svc: Service): Finding[] {
  const out: Finding[] = [];
  // kube-proxy programs nothing for ExternalName or headless Services; DNS answers for them.
  if (svc.type === 'ExternalName') return out;
  const pods = selectedPods(model, svc);
  const port = svc.ports[0];
  if (port && (svc.selector || (model.index.slicesByService.get(svc.key) ?? []).length)) {
    const set = backendsOf(model, svc, port);
    if (!set.backends.some((b) => b.ready)) {
      const reason = !svc.selector ? 'no-selector' : pods.length === 0 ? 'no-match' : 'not-ready';
      const notReady = pods.filter((p) => !p.ready).map((p) => p.key);
      // Ready pods with no usable backend means the port, not readiness, is wrong:
      // the target-port checks below report that, with the declared ports as evidence.
      if (reason !== 'not-ready' || notReady.length > 0) {
        out.push(
          makeFinding(
            'NO_READY_ENDPOINTS',
            { service: svc.key, reason, selector: selectorText(svc.selector), notReady },
            [ev(svc, 'spec.selector', selectorText(svc.selector)), ...set.evidence],
          ),
        );
      }
    }
  }
  for (const p of svc.ports) {
    const check = checkTargetPort(pods, p);
    if (check.ok) continue;
    const named = typeof p.targetPort === 'string' && !/^\d+$/.test(p.targetPort);
    const pod = check.pods[0]!;
    if (named) {
      out.push(
        makeFinding(
          'NAMED_PORT_UNRESOLVED',
          {
            owner: `Service ${svc.key}`,
            portName: String(p.targetPort),
            pod: pod.key,
            declared: pod.ports.map((c) => c.name ?? String(c.containerPort)),
          },
          [ev(svc, 'spec.ports[].targetPort', String(p.targetPort))],
        ),
      );
    }
    if (check.kind === 'mismatch' && !named) {
      // A numeric port no container declares still gets traffic (ports in the pod spec are informational).
      out.push(
        makeFinding(
          'TARGET_PORT_UNDECLARED',
          {
            service: svc.key,
            port: p.port,
            targetPort: Number(p.targetPort),
            pods: check.pods.map((x) => x.key),
            declared: check.declared,
            portIndex: svc.ports.indexOf(p),
          },
          [ev(svc, 'spec.ports[].targetPort', String(p.targetPort))],
        ),
      );
    } else if (check.kind === 'mismatch') {
      out.push(
        makeFinding(
          'TARGET_PORT_MISMATCH',
          {
            service: svc.key,
            port: p.port,
            targetPort: String(p.targetPort),
            pods: check.pods.map((x) => x.key),
            declared: check.declared,
          },
          [ev(svc, 'spec.ports[].targetPort', String(p.targetPort))],
        ),
      );
    }
  }
  if (svc.type === 'NodePort') {
    const np = svc.ports.find((p) => p.nodePort !== undefined);
    if (np?.nodePort !== undefined) {
      const sample = [...model.nodes.values()][0]?.internalIPs[0];
      out.push(
        makeFinding(
          'NODEPORT_EXPOSED',
          {
            service: svc.key,
            type: svc.type,
            nodePort: np.nodePort,
            nodes: model.nodes.size,
            sampleNodeIP: sample,
          },
          [ev(svc, 'spec.type', 'NodePort'), ev(svc, 'spec.ports[].nodePort', String(np.nodePort))],
        ),
      );
    }
  }
  if (svc.type === 'LoadBalancer') out.push(...lintLoadBalancer(model, platform, svc));
  return out;
}

function lintLoadBalancer(model: ClusterModel, platform: PlatformInfo, svc: Service): Finding[] {
  const ip = svc.loadBalancerIngress.find((i) => i.ip)?.ip ?? svc.loadBalancerIP;
  const { metallb, lbProvider } = platform;
  // MetalLB assigns from the pool the Service names (metallb.io/address-pool, also for an
  // autoAssign: false pool), else from the first auto-assigning pool.
  const requested = ['metallb.io/address-pool', 'metallb.universe.tf/address-pool']
    .map((a) => svc.annotations[a])
    .find(Boolean);
  const pool = ip
    ? metallb.pools.find((p) => p.addresses.some((a) => addressEntryContains(a, ip)))
    : requested
      ? metallb.pools.find((p) => p.name === requested)
      : metallb.pools.find((p) => p.autoAssign);
  if (!ip && !pool && lbProvider.kind !== 'cloud' && svc.loadBalancerIngress.length === 0) {
    const reserved = metallb.installed ? reservedPool(metallb.pools, svc.annotations) : undefined;
    const why = reserved
      ? `MetalLB's pool ${reserved.namespace}/${reserved.name} has autoAssign: false, so it assigns only to Services that request it (annotation metallb.io/address-pool), and ${svc.key} requests no pool.`
      : metallb.installed
        ? 'MetalLB is installed but no IPAddressPool can assign an address.'
        : 'no cloud provider (nodes carry no spec.providerID) and no MetalLB: nothing assigns LoadBalancer addresses on bare metal.';
    return [
      makeFinding(
        'LB_PENDING',
        {
          service: svc.key,
          why,
          ...optionalPool(model),
          ...(reserved ? { reservedPool: { name: reserved.name, namespace: reserved.namespace } } : {}),
        },
        [
          ev(svc, 'status.loadBalancer.ingress', '[]'),
          ...(reserved
            ? [
                {
                  kind: 'IPAddressPool',
                  namespace: reserved.namespace,
                  name: reserved.name,
                  field: 'spec.autoAssign',
                  value: 'false',
                },
              ]
            : []),
          ...lbProvider.evidence,
        ],
      ),
    ];
  }
  if (pool && pool.advertisedBy.length === 0) {
    return [
      makeFinding(
        'METALLB_NOT_ADVERTISED',
        {
          service: svc.key,
          ip: ip ?? pool.addresses[0] ?? '',
          pool: pool.name,
          poolNamespace: pool.namespace,
        },
        [
          {
            kind: 'IPAddressPool',
            namespace: pool.namespace,
            name: pool.name,
            field: 'spec.addresses',
            value: pool.addresses.join(','),
          },
          {
            kind: 'L2Advertisement',
            namespace: pool.namespace,
            name: '(none)',
            field: 'spec.ipAddressPools',
            value: `no advertisement selects ${pool.name}`,
          },
        ],
      ),
    ];
  }
  return [];
}
