import { describe, expect, it } from 'vitest';
import { collectionPath, collectionQuery, rbacHint, rbacResource, WATCHED_KINDS } from './kinds';

const byId = (id: string) => WATCHED_KINDS.find((k) => k.id === id)!;

describe('watched kinds', () => {
  it('builds the API paths of core, group and single-ConfigMap collections', () => {
    expect(collectionPath(byId('Pod'), 'v1')).toBe('/api/v1/pods');
    expect(collectionPath(byId('NetworkPolicy'), 'v1')).toBe('/apis/networking.k8s.io/v1/networkpolicies');
    const cm = byId('ConfigMap kube-system/kube-proxy');
    expect(collectionPath(cm, 'v1')).toBe('/api/v1/namespaces/kube-system/configmaps');
    expect(collectionQuery(cm)).toEqual({ fieldSelector: 'metadata.name=kube-proxy' });
    expect(collectionQuery(byId('Pod'))).toEqual({});
  });

  it('names the RBAC rule to grant', () => {
    expect(rbacHint(byId('NetworkPolicy'))).toBe('grant list/watch on networkpolicies.networking.k8s.io');
    expect(rbacResource(byId('Node'))).toBe('nodes');
    expect(rbacHint(byId('ConfigMap metallb-system/config'))).toBe(
      'grant list/watch on configmaps (resourceNames: config, namespace metallb-system)',
    );
  });

  it('never reads Secrets, has unique ids, and marks only CRD groups optional', () => {
    expect(WATCHED_KINDS.some((k) => k.plural === 'secrets')).toBe(false);
    expect(new Set(WATCHED_KINDS.map((k) => k.id)).size).toBe(WATCHED_KINDS.length);
    const builtin = new Set(['', 'apps', 'batch', 'networking.k8s.io', 'discovery.k8s.io']);
    for (const k of WATCHED_KINDS) expect(k.optional, k.id).toBe(!builtin.has(k.group));
  });
});
