// EndpointSlices: taken as they are; legacy Endpoints converted (derived) for
// services that have no slice; and, for a Service with a selector and neither,
// derived from the selected pods so static manifests still resolve.

import { matchesLabels } from '../../model/selectors';
import type {
  Endpoint,
  EndpointSlice,
  KubeObject,
  ObjectRef,
  Pod,
  Protocol,
  Service,
} from '../../model/types';
import { ipFamily, isIPv6, type IPFamily } from '../../model/ip';
import { map, maps, nameOf, namespaceOf, num, protocol, str, strings } from './util';

const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

function targetRef(v: unknown, fallbackNamespace: string): ObjectRef | undefined {
  const r = map(v);
  const name = str(r?.name);
  if (!r || !name) return undefined;
  return { kind: str(r.kind) ?? 'Pod', namespace: str(r.namespace) ?? fallbackNamespace, name };
}

function addressType(addresses: readonly string[]): 'IPv4' | 'IPv6' {
  return addresses.some((a) => isIPv6(a)) ? 'IPv6' : 'IPv4';
}

type SlicePort = EndpointSlice['ports'][number];

function slicePorts(v: unknown): SlicePort[] {
  return maps(v).map((p) => {
    const name = str(p.name);
    const port = num(p.port);
    return {
      ...(name ? { name } : {}),
      ...(port !== undefined ? { port } : {}),
      protocol: protocol(p.protocol),
    };
  });
}

export function normalizeEndpointSlice(o: KubeObject): EndpointSlice {
  const namespace = namespaceOf(o);
  const endpoints: Endpoint[] = maps(o.endpoints).map((e) => {
    const cond = map(e.conditions);
    // Per the API, an unset `ready` means ready; `serving` follows `ready`.
    const ready = cond?.ready !== false;
    const ref = targetRef(e.targetRef, namespace);
    const nodeName = str(e.nodeName);
    const zone = str(e.zone);
    const h = map(e.hints);
    const forZones = maps(h?.forZones)
      .map((z) => str(z.name))
      .filter((z): z is string => !!z);
    const forNodes = maps(h?.forNodes)
      .map((n) => str(n.name))
      .filter((n): n is string => !!n);
    return {
      addresses: strings(e.addresses),
      ready,
      serving: typeof cond?.serving === 'boolean' ? cond.serving : ready,
      terminating: cond?.terminating === true,
      ...(nodeName ? { nodeName } : {}),
      ...(zone ? { zone } : {}),
      ...(ref ? { targetRef: ref } : {}),
      ...(forZones.length || forNodes.length ? { hints: { forZones, forNodes } } : {}),
    };
  });
  const declared = str(o.addressType);
  return {
    namespace,
    name: nameOf(o),
    serviceName: o.metadata.labels?.[SERVICE_NAME_LABEL] ?? '',
    addressType:
      declared === 'IPv6' || declared === 'FQDN'
        ? declared
        : declared === 'IPv4'
          ? 'IPv4'
          : addressType(endpoints.flatMap((e) => e.addresses)),
    ports: slicePorts(o.ports),
    endpoints,
    derived: false,
  };
}

/** One derived slice per subset of a legacy Endpoints object. */
export function slicesFromEndpoints(o: KubeObject): EndpointSlice[] {
  const namespace = namespaceOf(o);
  const name = nameOf(o);
  return maps(o.subsets).map((subset, i) => {
    const convert = (a: Record<string, unknown>, ready: boolean): Endpoint => {
      const ip = str(a.ip);
      const nodeName = str(a.nodeName);
      const ref = targetRef(a.targetRef, namespace);
      return {
        addresses: ip ? [ip] : [],
        ready,
        serving: ready,
        terminating: false,
        ...(nodeName ? { nodeName } : {}),
        ...(ref ? { targetRef: ref } : {}),
      };
    };
    const endpoints = [
      ...maps(subset.addresses).map((a) => convert(a, true)),
      ...maps(subset.notReadyAddresses).map((a) => convert(a, false)),
    ];
    return {
      namespace,
      name: `${name}-endpoints-${i}`,
      serviceName: name,
      addressType: addressType(endpoints.flatMap((e) => e.addresses)),
      ports: slicePorts(subset.ports),
      endpoints,
      derived: true,
    };
  });
}

/** The container port a Service targetPort (number or name) resolves to on one pod. */
function resolveTargetPort(pod: Pod, target: number | string, proto: Protocol): number | undefined {
  if (typeof target === 'number') return target;
  return pod.ports.find((p) => p.name === target && p.protocol === proto)?.containerPort;
}

/**
 * Slices for a Service with a selector, built from the pods it selects. Pods whose
 * named target ports resolve to different numbers go to different slices, as the
 * EndpointSlice controller does.
 */
export function deriveSlices(svc: Service, podsInNamespace: readonly Pod[]): EndpointSlice[] {
  if (!svc.selector || svc.type === 'ExternalName') return [];
  const selector = svc.selector;
  const groups = new Map<string, { ports: SlicePort[]; endpoints: Endpoint[] }>();
  for (const pod of podsInNamespace) {
    if (!matchesLabels(selector, pod.labels)) continue;
    const ports: SlicePort[] = [];
    for (const sp of svc.ports) {
      const port = resolveTargetPort(pod, sp.targetPort, sp.protocol);
      if (port !== undefined)
        ports.push({ ...(sp.name ? { name: sp.name } : {}), port, protocol: sp.protocol });
    }
    const sig = JSON.stringify(ports);
    let group = groups.get(sig);
    if (!group) groups.set(sig, (group = { ports, endpoints: [] }));
    group.endpoints.push({
      addresses: pod.ips,
      ready: pod.ready,
      serving: pod.ready,
      terminating: false,
      ...(pod.nodeName ? { nodeName: pod.nodeName } : {}),
      targetRef: { kind: 'Pod', namespace: pod.namespace, name: pod.name },
    });
  }
  // The EndpointSlice controller writes one slice per family in spec.ipFamilies, each with
  // the pods' addresses of that family only (pkg/controller/endpointslice reconciler:
  // one addressType per slice). A manifest without families gets the pods' primary one.
  const all = [...groups.values()].flatMap((g) => g.endpoints.flatMap((e) => e.addresses));
  const families: readonly IPFamily[] =
    svc.ipFamilies && svc.ipFamilies.length > 0 ? svc.ipFamilies : [ipFamily(all[0] ?? '') ?? 'IPv4'];
  const out: EndpointSlice[] = [];
  let n = 0;
  for (const { ports, endpoints } of groups.values()) {
    families.forEach((family, f) => {
      const ofFamily = endpoints.flatMap((e) => {
        const addresses = e.addresses.filter((a) => ipFamily(a) === family);
        return addresses.length > 0 || e.addresses.length === 0
          ? [{ ...e, addresses: addresses.slice(0, 1) }]
          : [];
      });
      const base = n === 0 ? `${svc.name}-derived` : `${svc.name}-derived-${n}`;
      out.push({
        namespace: svc.namespace,
        name: f === 0 ? base : `${base}-${family.toLowerCase()}`,
        serviceName: svc.name,
        addressType: family,
        ports,
        endpoints: ofFamily,
        derived: true,
      });
    });
    n++;
  }
  return out;
}
