// Ingest of dual-stack objects, with the one address definition (lib/model/ip.ts).
// - Service spec.ipFamilies ∈ {IPv4, IPv6}, spec.ipFamilyPolicy ∈ {SingleStack,
//   PreferDualStack, RequireDualStack}: https://kubernetes.io/docs/concepts/services-networking/dual-stack/#services
// - Calico refuses IP-in-IP on an IPv6 pool: projectcalico/calico
//   libcalico-go/lib/clientv3/ippool.go ("IPIP is not supported on an IPv6 IP pool").
// - Addresses: four-part decimal IPv4 only (pkg/apis/core/validation IsValidIP).
import { describe, expect, it } from 'vitest';
import { modelOfYaml } from '../fixtures/ingest/model';
import { dualStackModel } from './cluster';

describe('dual-stack ingest', () => {
  it('reads ipFamilies, ipFamilyPolicy and both ClusterIPs, and both pod and node addresses', () => {
    const m = dualStackModel();
    expect(m.services.get('shop/db')).toMatchObject({
      clusterIPs: ['10.96.0.20', 'fd00:10:96::20'],
      ipFamilies: ['IPv4', 'IPv6'],
      ipFamilyPolicy: 'PreferDualStack',
    });
    expect(m.pods.get('shop/web')!.ips).toEqual(['10.244.1.5', 'fd00:10:244:1::5']);
    expect(m.nodes.get('worker-1')!.internalIPs).toEqual(['10.0.0.11', 'fd00:10:0:1::11']);
    expect(m.endpointSlices.map((s) => s.addressType)).toEqual(['IPv4', 'IPv6']);
  });

  it('derives ipFamilies from the clusterIPs when a manifest omits them', () => {
    const m = modelOfYaml(
      "kind: Service\nmetadata: {name: s}\nspec: {clusterIPs: ['fd00:10:96::7', 10.96.0.7], ports: [{port: 80}]}\n",
    );
    expect(m.services.get('default/s')!.ipFamilies).toEqual(['IPv6', 'IPv4']);
  });

  it('rejects unknown families and policies, IP-in-IP on an IPv6 pool, and inet_aton shorthand addresses', () => {
    expect(() =>
      modelOfYaml(
        'kind: Service\nmetadata: {name: s}\nspec: {ipFamilies: [IPv5], ipFamilyPolicy: DualStack, ports: [{port: 80}]}\n',
      ),
    ).toThrow(
      /spec\.ipFamilies\[0\]: "IPv5" is not one of IPv4, IPv6[\s\S]*spec\.ipFamilyPolicy: "DualStack" is not one of SingleStack, PreferDualStack, RequireDualStack/,
    );
    expect(() =>
      modelOfYaml(
        "apiVersion: crd.projectcalico.org/v1\nkind: IPPool\nmetadata: {name: v6}\nspec: {cidr: 'fd00:10:244::/56', ipipMode: Always}\n",
      ),
    ).toThrow(/spec\.ipipMode: "Always": IPIP is not supported on an IPv6 IP pool/);
    expect(() =>
      modelOfYaml('kind: Pod\nmetadata: {name: p}\nstatus: {podIPs: [{ip: 0xa.0.0.1}]}\n'),
    ).toThrow(/status\.podIPs\[0\]\.ip: "0xa\.0\.0\.1" is not an IP address/);
  });

  // pkg/apis/core/validation ValidateService: one ClusterIP per family, ipFamilies in the
  // same order; discovery validation: addresses of the slice's addressType only.
  it('rejects two ClusterIPs of one family, ipFamilies out of order, and slice addresses of the other family', () => {
    expect(() =>
      modelOfYaml(
        'kind: Service\nmetadata: {name: s}\nspec: {clusterIPs: [10.96.0.7, 10.96.0.8], ports: [{port: 80}]}\n',
      ),
    ).toThrow(/spec\.clusterIPs: a Service has at most two ClusterIPs, one per family/);
    expect(() =>
      modelOfYaml(
        "kind: Service\nmetadata: {name: s}\nspec: {clusterIPs: [10.96.0.7, 'fd00::7'], ipFamilies: [IPv6, IPv4], ports: [{port: 80}]}\n",
      ),
    ).toThrow(/spec\.ipFamilies\[0\]: "IPv6" does not match spec\.clusterIPs\[0\] \(IPv4\)/);
    expect(() =>
      modelOfYaml(
        'apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: e, labels: {kubernetes.io/service-name: s}}\naddressType: IPv6\nendpoints: [{addresses: [10.244.1.5]}]\n',
      ),
    ).toThrow(/endpoints\[0\]\.addresses\[0\]: "10\.244\.1\.5" is not an IPv6 address \(addressType: IPv6\)/);
  });
});
