// MASQUERADE picks the address of the outgoing device: the overlay tunnel address when a
// node forwards to a pod on another node through VXLAN / IP-in-IP, else the node IP.

import { describe, expect, it } from 'vitest';
import { detectPlatform } from '../platform';
import type { TraceContext } from './context';
import { derivedIndex } from './derived-index';
import { PathBuilder } from './path';
import { masqueradeSource } from './transit';
import { buildModel, configMap, node, twoNodeCluster } from './testing/model';

function ctxOf(model: ReturnType<typeof buildModel>): TraceContext {
  return {
    model,
    platform: detectPlatform(model),
    derived: derivedIndex(model),
    path: new PathBuilder(),
    protocol: 'TCP',
    packet: { src: '', dst: '', size: 1500 },
    assumedNoted: new Set(),
  };
}

describe('masqueradeSource', () => {
  it('Calico VXLAN: the vxlan.calico tunnel address across nodes, the node IP on the same node', () => {
    const base = twoNodeCluster();
    const model = buildModel({
      ...base,
      nodes: [
        node('worker-1', '10.0.0.11', {
          annotations: { 'projectcalico.org/IPv4VXLANTunnelAddr': '10.244.1.0' },
        }),
        node('worker-2', '10.0.0.12'),
      ],
    });
    const ctx = ctxOf(model);
    expect(masqueradeSource(ctx, 'worker-1', 'worker-2')).toMatchObject({
      ip: '10.244.1.0',
      device: 'vxlan.calico',
    });
    expect(masqueradeSource(ctx, 'worker-1', 'worker-1')).toEqual({ ip: '10.0.0.11' });
  });

  it('Flannel VXLAN: flannel.1 carries the .0 address of the node pod subnet', () => {
    const netConf = JSON.stringify({ Network: '10.244.0.0/16', Backend: { Type: 'vxlan' } });
    const model = buildModel({
      nodes: [
        node('worker-1', '10.0.0.11', { podCIDRs: ['10.244.1.0/24'] }),
        node('worker-2', '10.0.0.12', { podCIDRs: ['10.244.2.0/24'] }),
      ],
      pods: [],
      services: [],
      objects: [configMap('kube-flannel-cfg', 'kube-flannel', { 'net-conf.json': netConf })],
    });
    expect(masqueradeSource(ctxOf(model), 'worker-1', 'worker-2')).toMatchObject({
      ip: '10.244.1.0',
      device: 'flannel.1',
    });
  });
});
