// Core kinds: Pod, Namespace, Node, Service, EndpointSlice, Endpoints, ConfigMap.
// Only the fields the engine reads are checked; everything else passes untouched.

import {
  at,
  eachMap,
  eachOf,
  isMap,
  invalid,
  missing,
  optBool,
  optEnum,
  optInt,
  optMap,
  optPort,
  optPortOrName,
  optProtocol,
  optString,
  optStringMap,
  type Issues,
  type Json,
} from './check';
import { checkCniConfigMap } from './cni-config';
import { checkConditions, checkPodSpec, checkPodStatus } from './common';
import { IP_FAMILIES, ipFamily } from '../../model/ip';
import { optCIDR, optIP } from './net';

export function checkPod(iss: Issues, obj: Json): void {
  checkPodSpec(iss, obj.spec, 'spec');
  checkPodStatus(iss, obj.status, 'status');
}

export function checkNamespace(): void {
  // Only metadata (name, labels) matters; checked by the caller.
}

export function checkNode(iss: Issues, obj: Json): void {
  const spec = optMap(iss, obj.spec, 'spec');
  if (spec) {
    optCIDR(iss, spec.podCIDR, 'spec.podCIDR');
    eachOf(iss, spec.podCIDRs, 'spec.podCIDRs', (c, p) => optCIDR(iss, c, p));
    optBool(iss, spec.unschedulable, 'spec.unschedulable');
  }
  const st = optMap(iss, obj.status, 'status');
  if (!st) return;
  eachMap(iss, st.addresses, 'status.addresses', (a, p) => {
    const type = optString(iss, a.type, at(p, 'type'));
    if (type === 'InternalIP' || type === 'ExternalIP') optIP(iss, a.address, at(p, 'address'));
    else optString(iss, a.address, at(p, 'address'));
  });
  const info = optMap(iss, st.nodeInfo, 'status.nodeInfo');
  if (info) optString(iss, info.kernelVersion, 'status.nodeInfo.kernelVersion');
  checkConditions(iss, st.conditions, 'status.conditions');
}

const SERVICE_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'] as const;
const TRAFFIC_POLICIES = ['Cluster', 'Local'] as const;
const IP_FAMILY_POLICIES = ['SingleStack', 'PreferDualStack', 'RequireDualStack'] as const;

export function checkService(iss: Issues, obj: Json): void {
  const spec = optMap(iss, obj.spec, 'spec');
  if (spec) {
    optEnum(iss, spec.type, 'spec.type', SERVICE_TYPES);
    const cip = optString(iss, spec.clusterIP, 'spec.clusterIP');
    if (cip && cip !== 'None') optIP(iss, cip, 'spec.clusterIP');
    const families: (string | undefined)[] = [];
    eachOf(iss, spec.clusterIPs, 'spec.clusterIPs', (ip, p) => {
      if (ip !== 'None') families.push(ipFamily(optIP(iss, ip, p) ?? ''));
    });
    // Dual-stack rules of the API server (pkg/apis/core/validation ValidateService):
    // at most one ClusterIP per family, and spec.ipFamilies in the same order.
    if (
      families.length > 2 ||
      (families.length === 2 && families[0] !== undefined && families[0] === families[1])
    ) {
      invalid(iss, 'spec.clusterIPs', 'a Service has at most two ClusterIPs, one per family (dual-stack)');
    }
    if (Array.isArray(spec.ipFamilies)) {
      spec.ipFamilies.forEach((f: unknown, i: number) => {
        if (
          families[i] !== undefined &&
          typeof f === 'string' &&
          (f === 'IPv4' || f === 'IPv6') &&
          f !== families[i]
        ) {
          invalid(
            iss,
            `spec.ipFamilies[${i}]`,
            `"${f}" does not match spec.clusterIPs[${i}] (${families[i]})`,
          );
        }
      });
    }
    eachOf(iss, spec.ipFamilies, 'spec.ipFamilies', (f, p) => optEnum(iss, f, p, IP_FAMILIES));
    optEnum(iss, spec.ipFamilyPolicy, 'spec.ipFamilyPolicy', IP_FAMILY_POLICIES);
    optStringMap(iss, spec.selector, 'spec.selector');
    eachMap(iss, spec.ports, 'spec.ports', (port, p) => {
      optString(iss, port.name, at(p, 'name'));
      optProtocol(iss, port.protocol, at(p, 'protocol'));
      if (port.port == null) missing(iss, at(p, 'port'));
      else optPort(iss, port.port, at(p, 'port'));
      optPortOrName(iss, port.targetPort, at(p, 'targetPort'));
      optInt(iss, port.nodePort, at(p, 'nodePort'), 1, 65535);
    });
    optEnum(iss, spec.externalTrafficPolicy, 'spec.externalTrafficPolicy', TRAFFIC_POLICIES);
    optEnum(iss, spec.internalTrafficPolicy, 'spec.internalTrafficPolicy', TRAFFIC_POLICIES);
    optInt(iss, spec.healthCheckNodePort, 'spec.healthCheckNodePort', 1, 65535);
    optIP(iss, spec.loadBalancerIP === '' ? undefined : spec.loadBalancerIP, 'spec.loadBalancerIP');
    optString(iss, spec.loadBalancerClass, 'spec.loadBalancerClass');
    eachOf(iss, spec.externalIPs, 'spec.externalIPs', (ip, p) => optIP(iss, ip, p));
    optString(iss, spec.externalName, 'spec.externalName');
    optEnum(iss, spec.sessionAffinity, 'spec.sessionAffinity', ['None', 'ClientIP'] as const);
    const affinity = optMap(iss, spec.sessionAffinityConfig, 'spec.sessionAffinityConfig');
    const clientIP = affinity && optMap(iss, affinity.clientIP, 'spec.sessionAffinityConfig.clientIP');
    // The API server accepts 1..86400 (core validation, MaxClientIPServiceAffinitySeconds).
    if (clientIP)
      optInt(iss, clientIP.timeoutSeconds, 'spec.sessionAffinityConfig.clientIP.timeoutSeconds', 1, 86400);
    eachOf(iss, spec.loadBalancerSourceRanges, 'spec.loadBalancerSourceRanges', (c, p) =>
      optCIDR(iss, typeof c === 'string' ? c.trim() : c, p),
    );
    optString(iss, spec.trafficDistribution, 'spec.trafficDistribution');
  }
  const st = optMap(iss, obj.status, 'status');
  const lb = st && optMap(iss, st.loadBalancer, 'status.loadBalancer');
  if (lb) {
    eachMap(iss, lb.ingress, 'status.loadBalancer.ingress', (ing, p) => {
      optIP(iss, ing.ip, at(p, 'ip'));
      optString(iss, ing.hostname, at(p, 'hostname'));
    });
  }
}

const ADDRESS_TYPES = ['IPv4', 'IPv6', 'FQDN'] as const;

export function checkEndpointSlice(iss: Issues, obj: Json): void {
  const addressType = optEnum(iss, obj.addressType, 'addressType', ADDRESS_TYPES);
  eachMap(iss, obj.ports, 'ports', (port, p) => {
    optString(iss, port.name, at(p, 'name'));
    optPort(iss, port.port, at(p, 'port'));
    optProtocol(iss, port.protocol, at(p, 'protocol'));
  });
  eachMap(iss, obj.endpoints, 'endpoints', (ep, p) => {
    eachOf(iss, ep.addresses, at(p, 'addresses'), (a, ap) => {
      if (addressType === 'FQDN') return void optString(iss, a, ap);
      const ip = optIP(iss, a, ap);
      // The API server refuses an address of the other family (discovery validation).
      if (ip && addressType && ipFamily(ip) !== addressType)
        invalid(iss, ap, `"${ip}" is not an ${addressType} address (addressType: ${addressType})`);
    });
    const cond = optMap(iss, ep.conditions, at(p, 'conditions'));
    if (cond) {
      for (const c of ['ready', 'serving', 'terminating'] as const)
        optBool(iss, cond[c], at(at(p, 'conditions'), c));
    }
    optString(iss, ep.nodeName, at(p, 'nodeName'));
    optString(iss, ep.zone, at(p, 'zone'));
    const hints = optMap(iss, ep.hints, at(p, 'hints'));
    if (hints) {
      for (const list of ['forZones', 'forNodes'] as const)
        eachMap(iss, hints[list], at(at(p, 'hints'), list), (h, hp) =>
          optString(iss, h.name, at(hp, 'name')),
        );
    }
    checkTargetRef(iss, ep.targetRef, at(p, 'targetRef'));
  });
}

export function checkEndpoints(iss: Issues, obj: Json): void {
  eachMap(iss, obj.subsets, 'subsets', (subset, sp) => {
    for (const list of ['addresses', 'notReadyAddresses'] as const) {
      eachMap(iss, subset[list], at(sp, list), (a, p) => {
        optIP(iss, a.ip, at(p, 'ip'));
        optString(iss, a.nodeName, at(p, 'nodeName'));
        checkTargetRef(iss, a.targetRef, at(p, 'targetRef'));
      });
    }
    eachMap(iss, subset.ports, at(sp, 'ports'), (port, p) => {
      optString(iss, port.name, at(p, 'name'));
      optPort(iss, port.port, at(p, 'port'));
      optProtocol(iss, port.protocol, at(p, 'protocol'));
    });
  });
}

function checkTargetRef(iss: Issues, v: unknown, path: string): void {
  const ref = optMap(iss, v, path);
  if (!ref) return;
  optString(iss, ref.kind, at(path, 'kind'));
  optString(iss, ref.name, at(path, 'name'));
  optString(iss, ref.namespace, at(path, 'namespace'));
}

export function checkConfigMap(iss: Issues, obj: Json): void {
  const data = optStringMap(iss, obj.data, 'data');
  const meta = isMap(obj.metadata) ? obj.metadata : undefined;
  checkCniConfigMap(iss, meta?.name, data);
}
