import { describe, expect, it } from 'vitest';
import {
  ALL_CONNECTIONS,
  NO_CONNECTIONS,
  formatConnections,
  intersectConnections,
  protocolConnections,
  subtractConnections,
  unionConnections,
  containsConnection,
} from './connection-set';
import { intervalsOf, intersectIntervals, subtractIntervals, unionIntervals } from './interval-set';
import { cidrContains, ipBlockContains } from './ip';
import { formatIPv4Interval, ipBlockIntervals, ipv4CidrInterval, ipv4ToNumber, numberToIPv4 } from './ipv4';

describe('interval sets', () => {
  it('merges overlapping and adjacent intervals', () => {
    expect(
      intervalsOf([
        [5, 9],
        [1, 3],
        [4, 4],
        [20, 30],
        [25, 26],
      ]),
    ).toEqual([
      [1, 9],
      [20, 30],
    ]);
  });
  it('intersects, unites and subtracts', () => {
    expect(
      intersectIntervals(
        [
          [1, 10],
          [20, 30],
        ],
        [[5, 25]],
      ),
    ).toEqual([
      [5, 10],
      [20, 25],
    ]);
    expect(
      unionIntervals(
        [[1, 2]],
        [
          [3, 4],
          [10, 10],
        ],
      ),
    ).toEqual([
      [1, 4],
      [10, 10],
    ]);
    expect(
      subtractIntervals(
        [[1, 100]],
        [
          [10, 20],
          [50, 50],
          [90, 200],
        ],
      ),
    ).toEqual([
      [1, 9],
      [21, 49],
      [51, 89],
    ]);
    expect(
      subtractIntervals(
        [
          [1, 5],
          [10, 15],
        ],
        [[0, 12]],
      ),
    ).toEqual([[13, 15]]);
  });
});

describe('IPv4', () => {
  it('converts addresses both ways', () => {
    expect(ipv4ToNumber('255.255.255.255')).toBe(0xffffffff);
    expect(numberToIPv4(ipv4ToNumber('10.1.2.3'))).toBe('10.1.2.3');
  });
  it('clears host bits of a CIDR', () => {
    expect(formatIPv4Interval(ipv4CidrInterval('10.1.0.1/4'))).toBe('0.0.0.0-15.255.255.255');
    expect(formatIPv4Interval(ipv4CidrInterval('104.154.164.170/32'))).toBe(
      '104.154.164.170-104.154.164.170',
    );
  });
  it('subtracts except blocks and merges them', () => {
    const set = ipBlockIntervals('0.0.0.0/0', ['10.0.0.0/9', '10.128.0.0/9', '172.21.0.0/16']);
    expect(set.map(formatIPv4Interval)).toEqual([
      '0.0.0.0-9.255.255.255',
      '11.0.0.0-172.20.255.255',
      '172.22.0.0-255.255.255.255',
    ]);
    expect(ipBlockIntervals('2001:db8::/32', [])).toEqual([]);
  });
  it('matches addresses against blocks, families kept apart', () => {
    expect(ipBlockContains('10.0.0.0/8', ['10.1.0.0/16'], '10.2.0.1')).toBe(true);
    expect(ipBlockContains('10.0.0.0/8', ['10.1.0.0/16'], '10.1.0.1')).toBe(false);
    expect(cidrContains('2001:db8::/32', '10.0.0.1')).toBe(false);
    expect(cidrContains('2001:db8::/32', '2001:db8::1')).toBe(true);
  });
});

describe('connection sets', () => {
  it('prints the canonical form', () => {
    expect(formatConnections(ALL_CONNECTIONS)).toBe('All Connections');
    expect(formatConnections(NO_CONNECTIONS)).toBe('No Connections');
    const c = unionConnections(
      protocolConnections('UDP', [[53, 53]]),
      protocolConnections('TCP', [
        [8080, 8090],
        [80, 80],
      ]),
    );
    expect(formatConnections(c)).toBe('TCP 80,8080-8090,UDP 53');
    expect(formatConnections(protocolConnections('TCP'))).toBe('TCP 1-65535');
    expect(
      formatConnections(subtractConnections(ALL_CONNECTIONS, protocolConnections('SCTP', [[9003, 9003]]))),
    ).toBe('All Connections except SCTP 9003');
  });
  it('intersects per protocol', () => {
    const a = protocolConnections('TCP', [[1, 100]]);
    const b = unionConnections(protocolConnections('TCP', [[50, 200]]), protocolConnections('UDP'));
    const both = intersectConnections(a, b);
    expect(formatConnections(both)).toBe('TCP 50-100');
    expect(containsConnection(both, 'TCP', 50)).toBe(true);
    expect(containsConnection(both, 'UDP', 50)).toBe(false);
  });
});
