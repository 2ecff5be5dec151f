// One definition of an address and a CIDR (lib/model/ip.ts), used by ingest validation,
// the platform readers and trace endpoints alike.
//   Kubernetes accepts IPv4 only as four dotted decimal parts and rejects the inet_aton
//   shorthands and leading zeros: k8s.io/utils net/ipfamily + ParseIPSloppy, and
//   pkg/apis/core/validation IsValidIP ("must be a valid IP address, (e.g. 10.9.8.7 or
//   2001:db8::ffff)"); https://kubernetes.io/docs/concepts/services-networking/dual-stack/
//   spells the families IPv4 / IPv6 as spec.ipFamilies does.
//   IPv6 text form: RFC 4291 section 2.2; canonical output RFC 5952 (Go's net.IP.String()).
import { describe, expect, it } from 'vitest';
import { isIP as validateIsIP, isCIDR as validateIsCIDR } from '../../ingest/validate/net';
import { addressEntryContains, firstAddress, isIP as platformIsIP, networkOf } from '../platform/net';
import {
  addressOfFamily,
  canonicalIP,
  cidrContains,
  familiesOf,
  ipBlockContains,
  ipFamily,
  isCIDR,
  isIP,
  parseCIDR,
} from './ip';
import {
  bigIntToIPv6,
  formatIPv6Interval,
  ipv6BlockIntervals,
  ipv6CidrInterval,
  ipv6IntervalsContain,
  ipv6ToBigInt,
  IPV6_MAX,
} from './ipv6';

describe('the address module', () => {
  it('accepts strict four-part IPv4 and IPv6, nothing else', () => {
    for (const ok of [
      '10.0.0.1',
      '0.0.0.0',
      '255.255.255.255',
      '2001:db8::1',
      '::',
      '::ffff:10.0.0.1',
      'fd00:10:244:1::7',
    ])
      expect(isIP(ok), ok).toBe(true);
    for (const bad of [
      '10.1',
      '0xa.0.0.1',
      '010.0.0.1',
      '10.0.0.256',
      '1.2.3.4.5',
      'fe80::1%eth0',
      '2001:db8:::1',
      '1:2:3:4:5:6:7:8:9',
      '',
    ])
      expect(isIP(bad), bad).toBe(false);
  });
  it('is the same definition in ingest validation and the platform readers', () => {
    for (const s of ['10.1', '0xa.0.0.1', '10.0.0.1', '2001:db8::1', 'fe80::1%eth0']) {
      expect(validateIsIP(s), s).toBe(isIP(s));
      expect(platformIsIP(s), s).toBe(isIP(s));
    }
    for (const s of ['10.0.0.0/8', '10.0/8', '10.0.0.0/33', '2001:db8::/32', '2001:db8::/129', '10.0.0.0/08'])
      expect(validateIsCIDR(s), s).toBe(isCIDR(s));
  });
  it('parses CIDRs with their family and refuses out-of-range prefixes', () => {
    expect(parseCIDR('10.1.0.1/16')).toEqual({ family: 'IPv4', address: '10.1.0.1', bits: 16 });
    expect(parseCIDR('2001:db8::/32')).toEqual({ family: 'IPv6', address: '2001:db8::', bits: 32 });
    expect(parseCIDR('2001:db8::/129')).toBeUndefined();
    expect(parseCIDR('10.0.0.0/33')).toBeUndefined();
  });
  it('writes IPv6 as Kubernetes does (RFC 5952)', () => {
    expect(canonicalIP('2001:DB8:0:0::1')).toBe('2001:db8::1');
    expect(canonicalIP('10.0.0.1')).toBe('10.0.0.1');
  });
  it('never mixes families in containment, not even for IPv4-mapped addresses', () => {
    expect(cidrContains('2001:db8::/32', '2001:db8:ffff::1')).toBe(true);
    expect(cidrContains('2001:db8::/32', '2001:db9::1')).toBe(false);
    expect(cidrContains('::ffff:0:0/96', '10.0.0.1')).toBe(false);
    expect(cidrContains('0.0.0.0/0', '2001:db8::1')).toBe(false);
    expect(cidrContains('::/0', '10.0.0.1')).toBe(false);
    expect(ipBlockContains('::/0', ['fd00:10:244::/56'], 'fd00:10:244:1::7')).toBe(false);
    expect(ipBlockContains('::/0', ['fd00:10:244::/56'], '2001:db8::7')).toBe(true);
  });
  it('picks the address of a family from dual-stack lists, primary family first', () => {
    expect(addressOfFamily(['10.244.1.5', 'fd00:10:244:1::5'], 'IPv6')).toBe('fd00:10:244:1::5');
    expect(addressOfFamily(['10.244.1.5'], 'IPv6')).toBeUndefined();
    expect(familiesOf(['fd00::1', '10.0.0.1', 'fd00::2'])).toEqual(['IPv6', 'IPv4']);
    expect(ipFamily('10.1')).toBeUndefined();
  });
});

describe('IPv6 intervals', () => {
  it('converts addresses both ways over the whole 128-bit space', () => {
    expect(ipv6ToBigInt('::')).toBe(0n);
    expect(ipv6ToBigInt('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff')).toBe(IPV6_MAX);
    expect(bigIntToIPv6(ipv6ToBigInt('2001:db8::1'))).toBe('2001:db8::1');
  });
  it('clears host bits and subtracts except blocks', () => {
    expect(formatIPv6Interval(ipv6CidrInterval('2001:db8::1/32'))).toBe(
      '2001:db8::-2001:db8:ffff:ffff:ffff:ffff:ffff:ffff',
    );
    const set = ipv6BlockIntervals('2001:db8::/32', ['2001:db8:1::/48']);
    expect(set.map(formatIPv6Interval)).toEqual([
      '2001:db8::-2001:db8:0:ffff:ffff:ffff:ffff:ffff',
      '2001:db8:2::-2001:db8:ffff:ffff:ffff:ffff:ffff:ffff',
    ]);
    expect(ipv6IntervalsContain(set, ipv6ToBigInt('2001:db8:1::5'))).toBe(false);
    expect(ipv6IntervalsContain(set, ipv6ToBigInt('2001:db8:2::5'))).toBe(true);
    expect(ipv6BlockIntervals('10.0.0.0/8', [])).toEqual([]);
  });
});

describe('platform readers on the same definition', () => {
  it('takes no shorthand address as a subnet or MetalLB entry', () => {
    expect(networkOf('10.0.0.11/24')).toBe('10.0.0.0/24');
    expect(networkOf('fd00:10:0:1::11/64')).toBe('fd00:10:0:1::/64');
    expect(networkOf('10.1/16')).toBeUndefined();
    expect(firstAddress('10.1/16')).toBeUndefined();
    // MetalLB IPAddressPool addresses take IPv6 CIDRs and first-last ranges too (https://metallb.universe.tf/configuration/).
    expect(addressEntryContains('2001:db8:cafe::10-2001:db8:cafe::20', '2001:db8:cafe::1a')).toBe(true);
    expect(addressEntryContains('2001:db8:cafe::10-2001:db8:cafe::20', '2001:db8:cafe::21')).toBe(false);
    expect(addressEntryContains('10.0.0.10-10.0.0.20', '2001:db8:cafe::15')).toBe(false);
  });
});
