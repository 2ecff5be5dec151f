import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../model/types';
import { validateObject, validateObjects } from './index';

const obj = (
  kind: string,
  rest: Record<string, unknown>,
  metadata: Record<string, unknown> = { name: 'x', namespace: 'ns' },
) => ({ apiVersion: 'v1', kind, metadata, ...rest }) as KubeObject;

const problems = (o: KubeObject) => validateObject(o).map((i) => `${i.field}: ${i.reason}`);

describe('validateObject', () => {
  it('accepts a well-formed NetworkPolicy', () => {
    const np = obj('NetworkPolicy', {
      spec: {
        podSelector: null,
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          {
            from: [{ namespaceSelector: {}, podSelector: { matchLabels: { a: 'b' } } }],
            ports: [{ port: 'http' }, { port: 80, endPort: 90, protocol: 'UDP' }],
          },
        ],
        egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', 'fd00::/8'] } }] }],
      },
    });
    expect(problems(np)).toEqual([]);
  });

  it('names the exact field and reason of NetworkPolicy mistakes', () => {
    const np = obj('NetworkPolicy', {
      spec: {
        podSelector: { matchLabels: ['app'] },
        policyTypes: ['Ingres'],
        ingress: [
          {
            from: [
              { podSelector: { matchExpressions: [{ key: 'a', operator: 'Inn', values: ['x'] }] } },
              { ipBlock: { cidr: '10.0.0/8' } },
              {},
            ],
            ports: [
              { port: 70000 },
              { port: 80, endPort: 70 },
              { port: 'http', endPort: 90 },
              { protocol: 'ICMP' },
            ],
          },
        ],
      },
    });
    expect(problems(np)).toEqual([
      'spec.podSelector.matchLabels: expected a map of string to string, got a list',
      'spec.policyTypes[0]: "Ingres" is not one of Ingress, Egress',
      'spec.ingress[0].from[0].podSelector.matchExpressions[0].operator: "Inn" is not one of In, NotIn, Exists, DoesNotExist',
      'spec.ingress[0].from[1].ipBlock.cidr: "10.0.0/8" is not a CIDR (address/prefix-length)',
      'spec.ingress[0].from[2]: a peer needs podSelector, namespaceSelector or ipBlock',
      'spec.ingress[0].ports[0].port: 70000 is out of range (1-65535)',
      'spec.ingress[0].ports[1].endPort: endPort 70 is below port 80',
      'spec.ingress[0].ports[2].endPort: endPort needs a numeric port',
      'spec.ingress[0].ports[3].protocol: "ICMP" is not one of TCP, UDP, SCTP',
    ]);
  });

  it('checks selector operator/values consistency', () => {
    const np = obj('NetworkPolicy', {
      spec: {
        podSelector: {
          matchExpressions: [
            { key: 'a', operator: 'In' },
            { key: 'b', operator: 'Exists', values: ['x'] },
          ],
          matchLable: {},
        },
      },
    });
    expect(problems(np)).toEqual([
      'spec.podSelector.matchLable: unknown field in a label selector (expected matchLabels or matchExpressions)',
      'spec.podSelector.matchExpressions[0].values: operator In needs at least one value',
      'spec.podSelector.matchExpressions[1].values: operator Exists takes no values',
    ]);
  });

  it('requires metadata.name', () => {
    expect(problems(obj('Namespace', {}, {}))).toEqual(['metadata.name: required field is missing']);
    expect(problems(obj('Pod', {}, { generateName: 'web-' }))).toEqual([]);
  });

  it('checks pod and workload template ports', () => {
    const pod = obj('Pod', {
      spec: {
        containers: [{ name: 'c', ports: [{ containerPort: '80' }, { containerPort: 80, protocol: 'tcp' }] }],
      },
      status: { podIP: '10.1.2' },
    });
    expect(problems(pod)).toEqual([
      'spec.containers[0].ports[0].containerPort: expected an integer, got a string ("80")',
      'spec.containers[0].ports[1].protocol: "tcp" is not one of TCP, UDP, SCTP',
      'status.podIP: "10.1.2" is not an IP address',
    ]);
    const cron = obj('CronJob', {
      spec: { jobTemplate: { spec: { template: { metadata: { labels: { a: 1 } } } } } },
    });
    expect(problems(cron)).toEqual([
      'spec.jobTemplate.spec.template.metadata.labels.a: expected a string, got a number (1)',
    ]);
  });

  it('reads a case-mismatched field name as Go does, as a warning', () => {
    const deploy = obj('Deployment', {
      spec: { template: { spec: { containers: [{ ports: [{ containerport: 3535 }] }] } } },
    });
    const issues = validateObject(deploy);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.warning).toBe(true);
  });

  it('checks Service fields', () => {
    const svc = obj('Service', {
      spec: {
        type: 'Loadbalancer',
        clusterIP: 'None',
        ports: [{ port: 0, targetPort: '8080' }],
        externalTrafficPolicy: 'Global',
      },
    });
    expect(problems(svc)).toEqual([
      'spec.type: "Loadbalancer" is not one of ClusterIP, NodePort, LoadBalancer, ExternalName',
      'spec.ports[0].port: 0 is out of range (1-65535)',
      'spec.ports[0].targetPort: "8080" is a quoted number; write the port as a number or use a port name',
      'spec.externalTrafficPolicy: "Global" is not one of Cluster, Local',
    ]);
  });

  it('checks AdminNetworkPolicy subject, rules, peers and ports', () => {
    const anp = obj(
      'AdminNetworkPolicy',
      {
        spec: {
          priority: 1001,
          subject: { namespaces: {}, pods: { podSelector: {} } },
          ingress: [
            {
              action: 'Reject',
              from: [{ networks: ['10.0.0.0/8'] }],
              ports: [{ portRange: { start: 90, end: 80 } }],
            },
          ],
          egress: [
            {
              action: 'Allow',
              to: [{ networks: ['10.0.0/8'] }, { nodes: {} }],
              ports: [{ portNumber: { port: 80, protocol: 'TCP' } }, { namedPort: 'http' }],
            },
          ],
        },
      },
      { name: 'a' },
    );
    expect(problems(anp)).toEqual([
      'spec.priority: 1001 is out of range (0-1000)',
      'spec.subject: set exactly one of namespaces or pods',
      'spec.ingress[0].action: "Reject" is not one of Allow, Deny, Pass',
      'spec.ingress[0].from[0].networks: networks peers are only allowed in egress rules',
      'spec.ingress[0].ports[0].portRange.end: end 80 is below start 90',
      'spec.egress[0].to[0].networks[0]: "10.0.0/8" is not a CIDR (address/prefix-length)',
    ]);
  });

  it('rejects Pass in a BaselineAdminNetworkPolicy and needs no priority there', () => {
    const banp = obj(
      'BaselineAdminNetworkPolicy',
      { spec: { subject: { namespaces: {} }, ingress: [{ action: 'Pass', from: [{ namespaces: {} }] }] } },
      { name: 'default' },
    );
    expect(problems(banp)).toEqual(['spec.ingress[0].action: "Pass" is not one of Allow, Deny']);
  });

  it('checks platform kinds (Calico, MetalLB) and routing kinds', () => {
    expect(
      problems(obj('IPPool', { spec: { cidr: '10.244.0.0/16', vxlanMode: 'always' } }, { name: 'p' })),
    ).toEqual(['spec.vxlanMode: "always" is not one of Always, CrossSubnet, Never']);
    expect(
      problems(
        obj('IPAddressPool', { spec: { addresses: ['192.168.1.240-192.168.1.250', '10.0.0.0/24', 'nope'] } }),
      ),
    ).toEqual(['spec.addresses[2]: "nope" is not a CIDR or an address range (first-last)']);
    expect(
      problems(
        obj(
          'Installation',
          { spec: { calicoNetwork: { mtu: 20, ipPools: [{ encapsulation: 'GRE' }] } } },
          { name: 'default' },
        ),
      ),
    ).toEqual([
      'spec.calicoNetwork.mtu: 20 is out of range (68-65535)',
      'spec.calicoNetwork.ipPools[0].encapsulation: "GRE" is not one of VXLAN, VXLANCrossSubnet, IPIP, IPIPCrossSubnet, None',
    ]);
    expect(
      problems(
        obj('Ingress', {
          spec: {
            rules: [
              {
                http: {
                  paths: [
                    {
                      path: '/',
                      pathType: 'Regex',
                      backend: { service: { name: 'web', port: { number: 0 } } },
                    },
                  ],
                },
              },
            ],
          },
        }),
      ),
    ).toEqual([
      'spec.rules[0].http.paths[0].pathType: "Regex" is not one of Exact, Prefix, ImplementationSpecific',
      'spec.rules[0].http.paths[0].backend.service.port.number: 0 is out of range (1-65535)',
    ]);
    expect(
      problems(
        obj('HTTPRoute', {
          spec: { parentRefs: [{}], rules: [{ backendRefs: [{ name: 'a', weight: -1 }] }] },
        }),
      ),
    ).toEqual([
      'spec.parentRefs[0].name: required field is missing',
      'spec.rules[0].backendRefs[0].weight: -1 is out of range (0-1000000)',
    ]);
  });
});

describe('validateObjects', () => {
  it('collects problems of all objects with their origins, and flags unread kinds', () => {
    const { errors, warnings } = validateObjects([
      { object: obj('Secret', {}), origin: { file: 's.yaml', doc: 0 } },
      { object: obj('Pod', { spec: { hostNetwork: 'yes' } }), origin: { file: 'p.yaml', doc: 3 } },
      {
        object: obj('Node', { spec: { podCIDR: 'x' } }, { name: 'n' }),
        origin: { file: 'n.yaml', doc: 0, path: 'items[2]' },
      },
    ]);
    expect(errors.map((e) => e.message)).toEqual([
      'p.yaml: document 4: spec.hostNetwork: expected true or false, got a string ("yes")',
      'n.yaml: document 1: items[2].spec.podCIDR: "x" is not a CIDR (address/prefix-length)',
    ]);
    expect(errors[0]!.ref).toEqual({ kind: 'Pod', namespace: 'ns', name: 'x' });
    expect(warnings.map((w) => [w.code, w.ref?.kind])).toEqual([['IGNORED_KIND', 'Secret']]);
  });
});

describe('metadata', () => {
  it('treats a null name as missing', () => {
    expect(validateObject(obj('Pod', {}, { name: null })).map((i) => [i.code, i.field])).toEqual([
      ['MISSING_FIELD', 'metadata.name'],
    ]);
  });

  it('checks owner references', () => {
    expect(
      problems(obj('Pod', {}, { name: 'p', ownerReferences: [{ kind: 'ReplicaSet', controller: 'true' }] })),
    ).toEqual([
      'metadata.ownerReferences[0].name: required field is missing',
      'metadata.ownerReferences[0].controller: expected true or false, got a string ("true")',
    ]);
  });
});
