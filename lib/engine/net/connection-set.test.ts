// The dimensions of a connection set beyond TCP/UDP/SCTP destination ports: IP protocol
// numbers, ICMP / ICMPv6 type and code, and source ports.
import { describe, expect, it } from 'vitest';
import {
  ALL_CONNECTIONS,
  EPHEMERAL_PORTS,
  NO_CONNECTIONS,
  connectionsContainedIn,
  containsConnection,
  containsIcmp,
  equalConnections,
  formatConnections,
  formatPortProtocols,
  icmpConnections,
  intersectConnections,
  isAllConnections,
  isEmptyConnections,
  portProtocolsOnly,
  protocolConnections,
  protocolNumberConnections,
  subtractConnections,
  unionAllConnections,
  unionConnections,
} from './connection-set';

describe('protocol numbers', () => {
  // IANA Assigned Internet Protocol Numbers: 1 ICMP, 6 TCP, 17 UDP, 58 IPv6-ICMP, 112 VRRP,
  // 132 SCTP, 136 UDPLite; Calico's `protocol` takes a name or a number 1-255
  // (docs.tigera.io/calico/latest/reference/resources/networkpolicy#protocol).
  it('a number with a name is the same set as the name', () => {
    expect(equalConnections(protocolNumberConnections(6), protocolConnections('TCP'))).toBe(true);
    expect(equalConnections(protocolNumberConnections(1), icmpConnections('ICMP'))).toBe(true);
    expect(equalConnections(protocolNumberConnections(58), icmpConnections('ICMPv6'))).toBe(true);
    expect(equalConnections(protocolNumberConnections(136), protocolConnections('UDPLite'))).toBe(true);
  });
  it('every protocol together is all connections; out-of-range numbers are nothing', () => {
    const every = unionAllConnections(
      Array.from({ length: 255 }, (_, i) => protocolNumberConnections(i + 1)),
    );
    expect(isAllConnections(every)).toBe(true);
    expect(isEmptyConnections(protocolNumberConnections(0))).toBe(true);
    expect(isEmptyConnections(protocolNumberConnections(256))).toBe(true);
  });
  it('VRRP is neither TCP nor ICMP, and prints by number', () => {
    const vrrp = protocolNumberConnections(112);
    expect(isEmptyConnections(intersectConnections(vrrp, protocolConnections('TCP')))).toBe(true);
    expect(isEmptyConnections(intersectConnections(vrrp, icmpConnections('ICMP')))).toBe(true);
    expect(formatConnections(vrrp)).toBe('protocol 112');
    expect(formatConnections(unionConnections(vrrp, protocolNumberConnections(113)))).toBe(
      'protocols 112-113',
    );
  });
});

describe('ICMP type and code', () => {
  // docs.tigera.io/calico/latest/reference/resources/networkpolicy#icmp: `type` alone matches
  // every code of the type; `code` needs a type. Cilium ICMPField (pkg/policy/api/icmp.go)
  // names a type only.
  it('a type holds all its codes; a type and code only that code', () => {
    const echo = icmpConnections('ICMP', 8);
    expect(containsIcmp(echo, 'ICMP', 8, 0)).toBe(true);
    expect(containsIcmp(echo, 'ICMP', 8, 7)).toBe(true);
    expect(containsIcmp(echo, 'ICMP', 0, 0)).toBe(false);
    expect(containsIcmp(echo, 'ICMPv6', 8, 0)).toBe(false);
    const fragNeeded = icmpConnections('ICMP', 3, 4);
    expect(containsIcmp(fragNeeded, 'ICMP', 3, 4)).toBe(true);
    expect(containsIcmp(fragNeeded, 'ICMP', 3, 3)).toBe(false);
    expect(connectionsContainedIn(fragNeeded, icmpConnections('ICMP', 3))).toBe(true);
    expect(connectionsContainedIn(icmpConnections('ICMP', 3), fragNeeded)).toBe(false);
  });
  it('notICMP is ICMP minus the type (and code)', () => {
    const notEcho = subtractConnections(icmpConnections('ICMP'), icmpConnections('ICMP', 8));
    expect(containsIcmp(notEcho, 'ICMP', 8, 0)).toBe(false);
    expect(containsIcmp(notEcho, 'ICMP', 0, 0)).toBe(true);
    expect(
      equalConnections(unionConnections(notEcho, icmpConnections('ICMP', 8)), icmpConnections('ICMP')),
    ).toBe(true);
  });
  it('prints types, and type/codes', () => {
    expect(formatConnections(icmpConnections('ICMP'))).toBe('ICMP');
    expect(formatConnections(unionConnections(icmpConnections('ICMP', 0), icmpConnections('ICMP', 8)))).toBe(
      'ICMP type 0,8',
    );
    expect(formatConnections(icmpConnections('ICMPv6', 1, 4))).toBe('ICMPv6 type 1/4');
  });
});

describe('source ports', () => {
  // docs.tigera.io/calico/latest/reference/resources/networkpolicy#entityrule: `ports` under
  // `source` match the packet's source port. A trace has no source port of its own; it is
  // taken to be any port of the Linux ephemeral range (docs.kernel.org/networking/ip-sysctl.html
  // ip_local_port_range "32768 60999").
  it('a destination port allowed from low source ports only is not allowed for a client', () => {
    const fromLow = protocolConnections('TCP', [[80, 80]], [[1, 1023]]);
    expect(containsConnection(fromLow, 'TCP', 80)).toBe(false);
    expect(containsConnection(fromLow, 'TCP', 80, [100, 200])).toBe(true);
    const fromAny = protocolConnections('TCP', [[80, 80]]);
    expect(containsConnection(fromAny, 'TCP', 80)).toBe(true);
    expect(containsConnection(protocolConnections('TCP', [[80, 80]], [EPHEMERAL_PORTS]), 'TCP', 80)).toBe(
      true,
    );
  });
  it('sets that differ in source ports only are different', () => {
    const a = protocolConnections('TCP', [[101, 104]], [[301, 65535]]);
    const b = protocolConnections('TCP', [[101, 104]]);
    expect(equalConnections(a, b)).toBe(false);
    expect(connectionsContainedIn(a, b)).toBe(true);
    expect(formatConnections(a)).toBe('TCP 101-104 src 301-65535');
    expect(formatConnections(unionConnections(a, protocolConnections('TCP', [[80, 80]])))).toBe(
      'TCP 80,TCP 101-104 src 301-65535',
    );
  });
  it('union of the source-port halves is the whole', () => {
    const lo = protocolConnections('UDP', [[53, 53]], [[1, 1023]]);
    const hi = protocolConnections('UDP', [[53, 53]], [[1024, 65535]]);
    expect(equalConnections(unionConnections(lo, hi), protocolConnections('UDP', [[53, 53]]))).toBe(true);
  });
});

describe('the TCP/UDP/SCTP view', () => {
  it('keeps destination ports of the three protocols, and calls them all All Connections', () => {
    const noSctp9003 = subtractConnections(ALL_CONNECTIONS, protocolConnections('SCTP', [[9003, 9003]]));
    expect(formatPortProtocols(noSctp9003)).toBe('SCTP 1-9002,9004-65535,TCP 1-65535,UDP 1-65535');
    expect(formatPortProtocols(ALL_CONNECTIONS)).toBe('All Connections');
    expect(formatPortProtocols(icmpConnections('ICMP'))).toBe('No Connections');
    expect(isEmptyConnections(portProtocolsOnly(NO_CONNECTIONS))).toBe(true);
  });
});
