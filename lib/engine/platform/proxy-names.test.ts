import { describe, expect, it } from 'vitest';
import {
  iptablesChains,
  iptablesEndpointChain,
  nftablesChains,
  nftablesEndpointChain,
  servicePortNameString,
} from './proxy-names';
import { base32 } from '@scure/base';

describe('base32 encoding', () => {
  // kube-proxy encodes with Go's base32.StdEncoding: the RFC 4648 alphabet with '=' padding
  // (RFC 4648 section 10 test vectors); @scure/base's `base32` must be that encoding.
  it('is RFC 4648 standard base32 with padding, as Go base32.StdEncoding', () => {
    expect(base32.encode(new TextEncoder().encode('foobar'))).toBe('MZXW6YTBOI======');
    expect(base32.encode(new TextEncoder().encode('f'))).toBe('MY======');
  });
});

describe('kube-proxy chain names', () => {
  // Chain names as they appear in kube-proxy's own tests and on every cluster.
  it('iptables KUBE-SVC / KUBE-EXT / KUBE-SEP', () => {
    expect(
      iptablesChains({ namespace: 'default', name: 'kubernetes', portName: 'https', protocol: 'TCP' }).svc,
    ).toBe('KUBE-SVC-NPX46M4PTMTKRN6Y');
    expect(
      iptablesChains({ namespace: 'kube-system', name: 'kube-dns', portName: 'dns', protocol: 'UDP' }).svc,
    ).toBe('KUBE-SVC-TCOU7JCQXEZGVUNU');
    expect(
      iptablesChains({ namespace: 'kube-system', name: 'kube-dns', portName: 'dns-tcp', protocol: 'TCP' })
        .svc,
    ).toBe('KUBE-SVC-ERIFXISQEP7F7OF4');
    const svc1 = { namespace: 'ns1', name: 'svc1', portName: 'p80', protocol: 'TCP' };
    expect(iptablesChains(svc1)).toMatchObject({
      svc: 'KUBE-SVC-XPGD46QRK7WJZT7O',
      ext: 'KUBE-EXT-XPGD46QRK7WJZT7O',
      fw: 'KUBE-FW-XPGD46QRK7WJZT7O',
      svl: 'KUBE-SVL-XPGD46QRK7WJZT7O',
    });
    expect(iptablesEndpointChain(svc1, '10.180.0.1', 80)).toBe('KUBE-SEP-SXIVWICOYRO3J4NJ');
    expect(iptablesEndpointChain(svc1, '10.180.0.2', 80)).toBe('KUBE-SEP-LXVODXWDISEETFEF');
  });

  it('nftables service- / endpoint- chains', () => {
    const svc1 = { namespace: 'ns1', name: 'svc1', portName: 'p80', protocol: 'TCP' };
    expect(nftablesChains(svc1).service).toBe('service-ULMVA6XW-ns1/svc1/tcp/p80');
    expect(nftablesChains(svc1).external).toBe('external-ULMVA6XW-ns1/svc1/tcp/p80');
    expect(nftablesEndpointChain(svc1, '10.180.0.1', 80)).toBe(
      'endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80',
    );
    expect(nftablesChains({ namespace: 'ns2', name: 'svc2', portName: 'p80', protocol: 'TCP' }).service).toBe(
      'service-42NFTM6N-ns2/svc2/tcp/p80',
    );
    expect(
      nftablesEndpointChain(
        { namespace: 'ns2', name: 'svc2', portName: 'p80', protocol: 'TCP' },
        '10.180.0.2',
        80,
      ),
    ).toBe('endpoint-SGOXE6O3-ns2/svc2/tcp/p80__10.180.0.2/80');
  });

  it('an unnamed port has no ":" in the service port name', () => {
    expect(servicePortNameString({ namespace: 'shop', name: 'db', protocol: 'TCP' })).toBe('shop/db');
    expect(servicePortNameString({ namespace: 'shop', name: 'db', portName: 'pg', protocol: 'TCP' })).toBe(
      'shop/db:pg',
    );
  });

  // Long names at the API limits (namespace, Service and port name 63 characters each).
  // kubernetes pkg/proxy/nftables/proxier.go: hashAndTruncate prefixes 8 base32 characters
  // of sha256(name) and cuts at chainNameBaseLengthMax = knftables.NameLengthMax (256) -
  // chainNamePrefixLengthMax (16) = 240, ending in "..."; a service chain (at most 205
  // characters of base) is never cut, an endpoint chain with an IPv6 address can be.
  // pkg/proxy/iptables/proxier.go: KUBE-SVC-/KUBE-SEP- + 16 base32 characters of sha256,
  // whatever the length of the names. Expected values computed with the same algorithm
  // (sha256 + RFC 4648 base32) outside this code.
  it('long namespace, Service and port names give the chains kube-proxy creates', () => {
    const id = {
      namespace: 'payments-platform-production-eu-west-1-blue-green-canary-team42',
      name: 'checkout-orchestrator-service-with-a-really-long-descriptive-nm',
      portName: 'grpc-web-and-metrics-for-the-checkout-orchestrator-in-eu-west-1',
      protocol: 'SCTP',
    };
    const service = nftablesChains(id).service;
    expect(service).toBe(
      'service-BXY7VQMY-payments-platform-production-eu-west-1-blue-green-canary-team42/checkout-orchestrator-service-with-a-really-long-descriptive-nm/sctp/grpc-web-and-metrics-for-the-checkout-orchestrator-in-eu-west-1',
    );
    expect(service.endsWith('...')).toBe(false);
    const ep = nftablesEndpointChain(id, 'fd00:10:244:ffff:ffff:ffff:ffff:1234', 65535);
    expect(ep).toBe(
      'endpoint-OK3Y2I7Y-payments-platform-production-eu-west-1-blue-green-canary-team42/checkout-orchestrator-service-with-a-really-long-descriptive-nm/sctp/grpc-web-and-metrics-for-the-checkout-orchestrator-in-eu-west-1__fd00.10.244.ffff.ffff.ffff.fff...',
    );
    expect(ep.length - 'endpoint-'.length).toBe(240);
    expect(iptablesChains(id).svc).toBe('KUBE-SVC-6C2NMMSKGLNS3B4V');
    expect(iptablesEndpointChain(id, 'fd00:10:244:ffff:ffff:ffff:ffff:1234', 65535)).toBe(
      'KUBE-SEP-CX5BQLXLTUQKISGC',
    );
  });
});
