// Services with their API defaults filled in.

import { objectKey } from '../../model/keys';
import { ipFamily, type IPFamily } from '../../model/ip';
import type {
  IPFamilyPolicy,
  KubeObject,
  Origin,
  Service,
  ServicePort,
  ServiceType,
} from '../../model/types';
import { labels, map, maps, nameOf, namespaceOf, num, protocol, str, strings } from './util';

export function normalizeService(o: KubeObject, origin: Origin): Service {
  const namespace = namespaceOf(o);
  const name = nameOf(o);
  const spec = map(o.spec) ?? {};
  const type = (str(spec.type) ?? 'ClusterIP') as ServiceType;
  const rawIPs = strings(spec.clusterIPs);
  const single = str(spec.clusterIP);
  if (single && !rawIPs.includes(single)) rawIPs.unshift(single);
  const headless = rawIPs[0] === 'None';
  const clusterIPs = rawIPs.filter((ip) => ip && ip !== 'None');
  // spec.ipFamilies is set by the API server on every Service it stores; a manifest may
  // omit it, and then the clusterIPs say which families the Service has.
  const declaredFamilies = strings(spec.ipFamilies).filter(
    (f): f is IPFamily => f === 'IPv4' || f === 'IPv6',
  );
  const ipFamilies =
    declaredFamilies.length > 0
      ? declaredFamilies
      : [...new Set(clusterIPs.flatMap((ip) => ipFamily(ip) ?? []))];
  const policy = str(spec.ipFamilyPolicy);
  const ipFamilyPolicy =
    policy === 'SingleStack' || policy === 'PreferDualStack' || policy === 'RequireDualStack'
      ? (policy as IPFamilyPolicy)
      : undefined;
  // An empty selector means "no selector" (endpoints managed outside the cluster).
  const sel = map(spec.selector);
  const selector = sel && Object.keys(sel).length > 0 ? labels(sel) : undefined;
  const ports: ServicePort[] = maps(spec.ports).map((p) => {
    const port = num(p.port) ?? 0;
    const name = str(p.name);
    const nodePort = num(p.nodePort);
    const target = p.targetPort;
    return {
      ...(name ? { name } : {}),
      protocol: protocol(p.protocol),
      port,
      targetPort: typeof target === 'number' || (typeof target === 'string' && target) ? target : port,
      ...(nodePort !== undefined ? { nodePort } : {}),
    };
  });
  const lbIngress = maps(map(map(o.status)?.loadBalancer)?.ingress).map((i) => {
    const ip = str(i.ip);
    const hostname = str(i.hostname);
    return { ...(ip ? { ip } : {}), ...(hostname ? { hostname } : {}) };
  });
  const healthCheckNodePort = num(spec.healthCheckNodePort);
  const loadBalancerIP = str(spec.loadBalancerIP);
  const loadBalancerClass = str(spec.loadBalancerClass);
  const externalName = str(spec.externalName);
  // API default for ClientIP affinity: 10800 s (core/v1 DefaultClientIPServiceAffinitySeconds).
  const affinityTimeout = num(map(map(spec.sessionAffinityConfig)?.clientIP)?.timeoutSeconds) ?? 10800;
  const sourceRanges = strings(spec.loadBalancerSourceRanges)
    .map((r) => r.trim())
    .filter(Boolean);
  const trafficDistribution = str(spec.trafficDistribution);
  return {
    key: objectKey(namespace, name),
    namespace,
    name,
    labels: labels(o.metadata.labels),
    annotations: labels(o.metadata.annotations),
    type,
    clusterIPs,
    ...(ipFamilies.length > 0 ? { ipFamilies } : {}),
    ...(ipFamilyPolicy ? { ipFamilyPolicy } : {}),
    headless,
    ...(selector ? { selector } : {}),
    ports,
    externalTrafficPolicy: spec.externalTrafficPolicy === 'Local' ? 'Local' : 'Cluster',
    internalTrafficPolicy: spec.internalTrafficPolicy === 'Local' ? 'Local' : 'Cluster',
    ...(healthCheckNodePort !== undefined ? { healthCheckNodePort } : {}),
    ...(loadBalancerIP ? { loadBalancerIP } : {}),
    ...(loadBalancerClass ? { loadBalancerClass } : {}),
    loadBalancerIngress: lbIngress,
    externalIPs: strings(spec.externalIPs),
    ...(externalName ? { externalName } : {}),
    ...(spec.sessionAffinity === 'ClientIP'
      ? { sessionAffinity: { type: 'ClientIP' as const, timeoutSeconds: affinityTimeout } }
      : {}),
    ...(sourceRanges.length ? { loadBalancerSourceRanges: sourceRanges } : {}),
    ...(trafficDistribution ? { trafficDistribution } : {}),
    origin,
  };
}
