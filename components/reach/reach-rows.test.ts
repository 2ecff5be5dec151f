import { describe, expect, it } from 'vitest';
import type { ClusterModel, Pod } from 'lib/model/types';
import { firstPort, reachRows } from './reach-rows';

const pod = (ns: string, name: string, workload: string): Pod =>
  ({
    key: `${ns}/${name}`,
    namespace: ns,
    name,
    labels: {},
    workload: { namespace: ns, name: workload, kind: 'Deployment' },
  }) as unknown as Pod;

const model = {
  pods: new Map([
    ['shop/web-1', pod('shop', 'web-1', 'web')],
    ['shop/db-0', pod('shop', 'db-0', 'db')],
  ]),
  nodes: new Map(),
} as unknown as ClusterModel;

describe('reachRows', () => {
  const pairs = [
    { from: 'shop/web[Deployment]', to: 'shop/db[Deployment]', conn: 'TCP 5432' },
    { from: '0.0.0.0-255.255.255.255[External]', to: 'shop/web[Deployment]', conn: 'All Connections' },
    { from: 'shop/gone[Deployment]', to: 'shop/db[Deployment]', conn: 'UDP 53' },
  ];

  it('links a workload pair to the trace of one of its pods on the first allowed port', () => {
    const { rows, total } = reachRows(model, 'scenario:x', pairs);
    expect(total).toBe(3);
    expect(rows[0]!.href).toBe(
      '/trace?source=scenario%3Ax&from=pod%3Ashop%2Fweb-1&to=pod%3Ashop%2Fdb-0&port=5432&protocol=TCP',
    );
    expect(rows[1]!.href).toContain('from=ip%3A0.0.0.0');
    expect(rows[2]!.href).toBeUndefined();
    // An address range also carries its words for the table.
    expect(rows[1]!.fromWords).toBe('anywhere outside the cluster');
  });

  it('filters on the server side', () => {
    expect(reachRows(model, 's', pairs, 'UDP').rows.map((r) => r.from)).toEqual(['shop/gone[Deployment]']);
    expect(firstPort('All Connections')).toEqual({});
    expect(firstPort('TCP 80,8080-8090,UDP 53')).toEqual({ protocol: 'TCP', port: 80 });
  });
});
