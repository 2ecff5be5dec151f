// Reading Calico rule fields: protocols, ports, nets, selectors. Each reader both
// validates (recording an issue at the field's path) and returns the normalized
// value, so validation and normalization cannot disagree about what a field means.
// Shapes follow docs.tigera.io/calico/latest/reference/resources/networkpolicy#rule
// (Rule, EntityRule, Ports, ICMP, ServiceAccountMatch).

import {
  CalicoSelectorError,
  parseCalicoSelector,
  type CalicoAction,
  type CalicoEntityRule,
  type CalicoICMP,
  type CalicoPort,
  type CalicoProtocol,
  type CalicoRule,
  type ParsedSelector,
} from '../../model';
import {
  at,
  eachMap,
  eachOf,
  invalid,
  isMap,
  missing,
  optEnum,
  optInt,
  optMap,
  optString,
  optStringList,
  wrongType,
  type Issues,
  type Json,
} from '../validate/check';
import { isCIDR, isIP } from '../validate/net';

const ACTIONS: readonly CalicoAction[] = ['Allow', 'Deny', 'Pass', 'Log'];
const NAMED: Readonly<Record<string, CalicoProtocol>> = {
  tcp: 'TCP',
  udp: 'UDP',
  sctp: 'SCTP',
  icmp: 'ICMP',
  icmpv6: 'ICMPv6',
  udplite: 'UDPLite',
};
const NUMBERED: Readonly<Record<number, CalicoProtocol>> = {
  6: 'TCP',
  17: 'UDP',
  132: 'SCTP',
  1: 'ICMP',
  58: 'ICMPv6',
  136: 'UDPLite',
};

/** A selector string, parsed; a parse error is reported at `path` with its position. */
export function readSelector(iss: Issues, v: unknown, path: string): ParsedSelector | undefined {
  const text = optString(iss, v, path);
  if (text === undefined) return undefined;
  try {
    return { text, ast: parseCalicoSelector(text) };
  } catch (e) {
    if (e instanceof CalicoSelectorError) return invalid(iss, path, e.message);
    throw e;
  }
}

/** `TCP`, `udp`, `ICMPv6`, or 1-255 (numbers with a name are read as the name). */
export function readProtocol(iss: Issues, v: unknown, path: string): CalicoProtocol | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' || (typeof v === 'string' && /^\d+$/.test(v))) {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > 255)
      return invalid(iss, path, `${n} is not an IP protocol number (1-255)`);
    return NUMBERED[n] ?? n;
  }
  if (typeof v !== 'string') return wrongType(iss, path, 'a protocol name or number', v);
  const p = NAMED[v.toLowerCase()];
  return (
    p ?? invalid(iss, path, `"${v}" is not one of TCP, UDP, SCTP, ICMP, ICMPv6, UDPLite or a protocol number`)
  );
}

/** A port number, `"first:last"`, or a port name. */
export function readPort(iss: Issues, v: unknown, path: string): CalicoPort | undefined {
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < 0 || v > 65535) return invalid(iss, path, `${v} is not a port (0-65535)`);
    return { type: 'range', start: v, end: v };
  }
  if (typeof v !== 'string') return wrongType(iss, path, 'a port number, "first:last" range or port name', v);
  const range = /^(\d+)(?::(\d+))?$/.exec(v);
  if (range) {
    const start = Number(range[1]);
    const end = range[2] !== undefined ? Number(range[2]) : start;
    if (start > 65535 || end > 65535) return invalid(iss, path, `"${v}" is out of the port range 0-65535`);
    if (end < start) return invalid(iss, path, `"${v}": the range's end is below its start`);
    return { type: 'range', start, end };
  }
  // Calico's named-port syntax (projectcalico/api pkg/lib/numorstring/port.go nameRegex),
  // wider than a Kubernetes port name: a rule may name a port no endpoint has.
  if (!/^[a-zA-Z0-9_.-]{1,128}$/.test(v))
    return invalid(iss, path, `"${v}" is not a port number, range or port name`);
  return { type: 'named', name: v };
}

function readPorts(iss: Issues, v: unknown, path: string): CalicoPort[] {
  const out: CalicoPort[] = [];
  eachOf(iss, v, path, (p, pp) => {
    const port = readPort(iss, p, pp);
    if (port) out.push(port);
  });
  return out;
}

function readNets(iss: Issues, v: unknown, path: string): string[] {
  const out: string[] = [];
  eachOf(iss, v, path, (n, p) => {
    const s = optString(iss, n, p);
    if (s === undefined) return;
    // Calico accepts a bare address as a /32 (or /128).
    if (isCIDR(s)) out.push(s);
    else if (isIP(s)) out.push(s.includes(':') ? `${s}/128` : `${s}/32`);
    else invalid(iss, p, `"${s}" is not a CIDR or an IP address`);
  });
  return out;
}

function readICMP(iss: Issues, v: unknown, path: string): CalicoICMP | undefined {
  const m = optMap(iss, v, path);
  if (!m) return undefined;
  const type = optInt(iss, m.type, at(path, 'type'), 0, 254);
  const code = optInt(iss, m.code, at(path, 'code'), 0, 255);
  if (code !== undefined && type === undefined)
    invalid(iss, at(path, 'code'), 'an ICMP code needs an ICMP type');
  return { ...(type !== undefined ? { type } : {}), ...(code !== undefined ? { code } : {}) };
}

function readEntity(iss: Issues, v: unknown, path: string): CalicoEntityRule {
  const m = optMap(iss, v, path) ?? {};
  const selector = readSelector(iss, m.selector, at(path, 'selector'));
  const notSelector = readSelector(iss, m.notSelector, at(path, 'notSelector'));
  const namespaceSelector = readSelector(iss, m.namespaceSelector, at(path, 'namespaceSelector'));
  const sa = optMap(iss, m.serviceAccounts, at(path, 'serviceAccounts'));
  const saSelector = sa
    ? readSelector(iss, sa.selector, at(at(path, 'serviceAccounts'), 'selector'))
    : undefined;
  const saNames = sa ? (optStringList(iss, sa.names, at(at(path, 'serviceAccounts'), 'names')) ?? []) : [];
  const services = optMap(iss, m.services, at(path, 'services'));
  const serviceName = services ? optString(iss, services.name, at(at(path, 'services'), 'name')) : undefined;
  const serviceNs = services
    ? optString(iss, services.namespace, at(at(path, 'services'), 'namespace'))
    : undefined;
  if (services && !serviceName) missing(iss, at(at(path, 'services'), 'name'));
  return {
    ...(selector && selector.text.trim() !== '' ? { selector } : {}),
    ...(notSelector && notSelector.text.trim() !== '' ? { notSelector } : {}),
    ...(namespaceSelector && namespaceSelector.text.trim() !== '' ? { namespaceSelector } : {}),
    ...(sa
      ? {
          serviceAccounts: {
            names: saNames,
            ...(saSelector && saSelector.text.trim() !== '' ? { selector: saSelector } : {}),
          },
        }
      : {}),
    nets: readNets(iss, m.nets, at(path, 'nets')),
    notNets: readNets(iss, m.notNets, at(path, 'notNets')),
    ports: readPorts(iss, m.ports, at(path, 'ports')),
    notPorts: readPorts(iss, m.notPorts, at(path, 'notPorts')),
    ...(serviceName
      ? { services: { name: serviceName, ...(serviceNs ? { namespace: serviceNs } : {}) } }
      : {}),
  };
}

const PORT_PROTOCOLS: readonly unknown[] = ['TCP', 'UDP', 'SCTP', 'UDPLite'];

/** One rule of spec.ingress / spec.egress. */
export function readRule(iss: Issues, r: Json, path: string): CalicoRule | undefined {
  if (r.action == null) missing(iss, at(path, 'action'));
  const action = optEnum(iss, r.action, at(path, 'action'), ACTIONS);
  const ipVersion = optInt(iss, r.ipVersion, at(path, 'ipVersion'));
  if (ipVersion !== undefined && ipVersion !== 4 && ipVersion !== 6)
    invalid(iss, at(path, 'ipVersion'), 'must be 4 or 6');
  const protocol = readProtocol(iss, r.protocol, at(path, 'protocol'));
  const notProtocol = readProtocol(iss, r.notProtocol, at(path, 'notProtocol'));
  const icmp = readICMP(iss, r.icmp, at(path, 'icmp'));
  const notICMP = readICMP(iss, r.notICMP, at(path, 'notICMP'));
  if ((icmp || notICMP) && protocol !== 'ICMP' && protocol !== 'ICMPv6') {
    invalid(iss, at(path, icmp ? 'icmp' : 'notICMP'), 'ICMP type/code needs protocol ICMP or ICMPv6');
  }
  const source = readEntity(iss, r.source, at(path, 'source'));
  const destination = readEntity(iss, r.destination, at(path, 'destination'));
  for (const [name, e] of [
    ['source', source],
    ['destination', destination],
  ] as const) {
    for (const field of ['ports', 'notPorts'] as const) {
      if (e[field].length > 0 && !PORT_PROTOCOLS.includes(protocol)) {
        invalid(iss, at(at(path, name), field), 'ports need protocol TCP, UDP, SCTP or UDPLite');
      }
    }
  }
  const http = optMap(iss, r.http, at(path, 'http'));
  if (!action) return undefined;
  return {
    action,
    ...(ipVersion === 4 || ipVersion === 6 ? { ipVersion } : {}),
    ...(protocol !== undefined ? { protocol } : {}),
    ...(notProtocol !== undefined ? { notProtocol } : {}),
    ...(icmp ? { icmp } : {}),
    ...(notICMP ? { notICMP } : {}),
    source,
    destination,
    ...(http
      ? {
          http: {
            methods: optStringList(iss, http.methods, at(at(path, 'http'), 'methods')) ?? [],
            paths: Array.isArray(http.paths) ? http.paths : [],
          },
        }
      : {}),
  };
}

export function readRules(iss: Issues, v: unknown, path: string): CalicoRule[] {
  const out: CalicoRule[] = [];
  eachMap(iss, v, path, (r, p) => {
    const rule = readRule(iss, r, p);
    if (rule) out.push(rule);
  });
  return out;
}

/** An `order` (a float in Calico). */
export function readOrder(iss: Issues, v: unknown, path: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return wrongType(iss, path, 'a number', v);
}

export { isMap };
