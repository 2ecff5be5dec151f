import { describe, expect, it } from 'vitest';
import { parseEndpoint } from './endpoint';
import { EndpointError } from './errors';
import { resolveEndpoint } from './resolve';
import { traceRoute } from './trace-route';
import { buildModel, pod, twoNodeCluster } from './testing/model';

describe('parseEndpoint', () => {
  it('parses every endpoint form', () => {
    expect(parseEndpoint('pod:shop/web')).toEqual({ type: 'pod', namespace: 'shop', name: 'web' });
    expect(parseEndpoint('pod:web')).toEqual({ type: 'pod', namespace: 'default', name: 'web' });
    expect(parseEndpoint('svc:kube-system/kube-dns')).toEqual({
      type: 'svc',
      namespace: 'kube-system',
      name: 'kube-dns',
    });
    expect(parseEndpoint('node:worker-1')).toEqual({ type: 'node', name: 'worker-1' });
    expect(parseEndpoint('ip:10.0.0.1')).toEqual({ type: 'ip', address: '10.0.0.1' });
    expect(parseEndpoint('https://Shop.Example.no/api?q=1')).toEqual({
      type: 'url',
      scheme: 'https',
      host: 'shop.example.no',
      port: 443,
      path: '/api',
      query: 'q=1',
    });
    expect(parseEndpoint('http://shop.example.no:8080/')).toMatchObject({ port: 8080, path: '/', query: '' });
    expect(parseEndpoint('http://10.0.0.1:30080/')).toMatchObject({ host: '10.0.0.1', port: 30080 });
  });

  it('rejects malformed endpoints with EndpointError', () => {
    expect(() => parseEndpoint('deployment:web')).toThrow(EndpointError);
    expect(() => parseEndpoint('ip:not-an-ip')).toThrow(/not an IP address/);
    expect(() => parseEndpoint('pod:a/b/c')).toThrow(/pod:NAMESPACE\/NAME/);
  });

  // Kubernetes accepts only four-part dotted decimal IPv4 (pkg/apis/core/validation
  // IsValidIP over k8s.io/utils/net); the inet_aton forms ipaddr.js and libc accept
  // (10.1 = 10.0.0.1, 0xa.0.0.1, 012.0.0.1 octal) never name a cluster address.
  it('accepts only well-formed addresses after ip:, IPv6 included', () => {
    for (const bad of ['ip:10.1', 'ip:0xa.0.0.1', 'ip:012.0.0.1', '10.1']) {
      expect(() => parseEndpoint(bad), bad).toThrow(EndpointError);
    }
    expect(() => parseEndpoint('ip:10.1')).toThrow(/four dotted decimal parts/);
    expect(() => parseEndpoint('ip:fe80::1%eth0')).toThrow(/zone/);
    expect(parseEndpoint('ip:2001:DB8::0:1')).toEqual({ type: 'ip', address: '2001:db8::1' });
    expect(parseEndpoint('ip:[fd00:10:96::a]')).toEqual({ type: 'ip', address: 'fd00:10:96::a' });
    expect(parseEndpoint('2001:db8::7')).toEqual({ type: 'ip', address: '2001:db8::7' });
  });
});

describe('resolveEndpoint', () => {
  const m = buildModel(
    twoNodeCluster({
      pods: [
        ...twoNodeCluster().pods!,
        pod('shop/cart-7d9f-abcde', 'worker-1', '10.244.1.9', { app: 'cart' }, [], {
          workload: { namespace: 'shop', kind: 'ReplicaSet', name: 'cart-7d9f' },
        }),
      ],
    }),
  );

  it('names what was not found and suggests close matches', () => {
    const error = (() => {
      try {
        resolveEndpoint(m, parseEndpoint('pod:shop/wbe'), 'pod:shop/wbe');
      } catch (e) {
        return e as EndpointError;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(EndpointError);
    expect(error?.message).toContain('no pod or workload "wbe" in namespace shop');
    expect(error?.suggestions).toContain('pod:shop/web');
  });

  it('accepts a Deployment name for pods owned by its ReplicaSet, and an IP of a pod', () => {
    expect(resolveEndpoint(m, parseEndpoint('pod:shop/cart'), 'pod:shop/cart')).toMatchObject({
      type: 'pod',
      pod: { key: 'shop/cart-7d9f-abcde' },
    });
    expect(resolveEndpoint(m, parseEndpoint('ip:10.244.2.7'), '')).toMatchObject({
      type: 'pod',
      pod: { key: 'shop/db' },
    });
    expect(resolveEndpoint(m, parseEndpoint('ip:10.0.0.12'), '')).toMatchObject({ type: 'node' });
    expect(resolveEndpoint(m, parseEndpoint('ip:8.8.8.8'), '')).toEqual({ type: 'external', ip: '8.8.8.8' });
  });

  it('refuses a Service or URL as the source', () => {
    expect(() => traceRoute(m, { from: 'svc:shop/db', to: 'pod:shop/web' })).toThrow(/cannot be a source/);
  });
});
