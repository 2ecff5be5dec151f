// Reach as people ask it: peers named by the workload they belong to, "who can reach
// X" with the denied peers on request, and address ranges in words.
import { describe, expect, it } from 'vitest';
import { testModel, testPod, testPolicy } from '../policy/testing/build-model';
import { computeReach, reachPeerNames } from './compute-reach';
import { findPeer, focusReach } from './focus';
import { cidrCover, rangeWords } from './peer-words';
import { ipv4CidrInterval } from '../net';

// Kubernetes docs, "Deployments" (kubernetes.io/docs/concepts/workloads/controllers/deployment/):
// "the name of the ReplicaSet is always formatted as [DEPLOYMENT-NAME]-[HASH]" and "The
// pod-template-hash label is added by the Deployment controller to every ReplicaSet that a
// Deployment creates or adopts" (and so to its pods). Two ReplicaSets of one Deployment
// (a rollout in progress) are one Deployment peer.
const web1 = testPod('shop/web-7c9d8f6b5-abcde', {
  labels: { app: 'web', 'pod-template-hash': '7c9d8f6b5' },
  workload: { kind: 'ReplicaSet', name: 'web-7c9d8f6b5' },
});
const web2 = testPod('shop/web-59f4d6c8b7-fghij', {
  labels: { app: 'web', 'pod-template-hash': '59f4d6c8b7' },
  workload: { kind: 'ReplicaSet', name: 'web-59f4d6c8b7' },
});
const db = testPod('shop/db-0', { labels: { app: 'db' }, workload: { kind: 'StatefulSet', name: 'db' } });
// A ReplicaSet made by hand carries no pod-template-hash: it stays a ReplicaSet.
const bare = testPod('shop/batch-x1', {
  labels: { app: 'batch' },
  workload: { kind: 'ReplicaSet', name: 'batch' },
});

const model = testModel({
  pods: [web1, web2, db, bare],
  policies: [
    testPolicy('shop/db', {
      podSelector: { matchLabels: { app: 'db' } },
      policyTypes: ['Ingress'],
      ingress: [
        {
          peers: [{ type: 'pods', podSelector: { matchLabels: { app: 'web' } } }],
          ports: [{ protocol: 'TCP', port: 5432 }],
        },
      ],
    }),
  ],
});

describe('reach by owner', () => {
  it('names Deployment pods by their Deployment, not by a ReplicaSet hash', () => {
    const names = reachPeerNames(model, { granularity: 'owner' });
    expect(names).toContain('shop/web[Deployment]');
    expect(names).toContain('shop/db[StatefulSet]');
    expect(names).toContain('shop/batch[ReplicaSet]');
    expect(names.some((n) => n.includes('7c9d8f6b5'))).toBe(false);
  });

  it('keeps the first-edition workload granularity: the controller ReplicaSet', () => {
    const names = reachPeerNames(model, { granularity: 'workload' });
    expect(names).toContain('shop/web-7c9d8f6b5[ReplicaSet]');
    expect(names).toContain('shop/web-59f4d6c8b7[ReplicaSet]');
  });
});

describe('who can reach db', () => {
  const result = computeReach(model, { granularity: 'owner' });
  const peers = reachPeerNames(model, { granularity: 'owner' });

  it('lists the allowed sources of db and, on request, every peer denied', () => {
    const focused = focusReach(result.pairs, peers, { direction: 'to', peer: 'shop/db[StatefulSet]' });
    expect(focused.allowed).toEqual([
      { from: 'shop/web[Deployment]', to: 'shop/db[StatefulSet]', conn: 'TCP 5432' },
    ]);
    expect(focused.denied).toContain('shop/batch[ReplicaSet]');
    expect(focused.denied).toContain('0.0.0.0-255.255.255.255[External]');
    expect(focused.denied).not.toContain('shop/db[StatefulSet]');
    expect(focused.denied).not.toContain('shop/web[Deployment]');
  });

  it('what web can reach: db among everything unisolated', () => {
    const focused = focusReach(result.pairs, peers, { direction: 'from', peer: 'shop/web[Deployment]' });
    expect(focused.allowed.map((p) => p.to)).toContain('shop/db[StatefulSet]');
    expect(focused.denied).toEqual([]);
  });

  it('finds a peer by its bare name when only one has it', () => {
    expect(findPeer(peers, 'db')).toBe('shop/db[StatefulSet]');
    expect(findPeer(peers, 'shop/web')).toBe('shop/web[Deployment]');
    expect(findPeer(peers, 'nothing')).toBeUndefined();
  });
});

describe('address ranges in words', () => {
  const cluster = [ipv4CidrInterval('10.244.0.0/16')];
  it('says where a range lies against the pod network', () => {
    expect(rangeWords('0.0.0.0-255.255.255.255[External]', cluster)).toBe('anywhere outside the cluster');
    // ipBlock 0.0.0.0/0 except 10.244.0.0/16 cuts the space in three.
    expect(rangeWords('0.0.0.0-10.243.255.255[External]', cluster)).toBe(
      'anywhere outside the cluster below 10.244.0.0',
    );
    expect(rangeWords('10.244.0.0-10.244.255.255[External]', cluster)).toBe(
      '10.244.0.0/16, inside the pod network',
    );
    expect(rangeWords('10.245.0.0-255.255.255.255[External]', cluster)).toBe(
      'anywhere outside the cluster above 10.244.255.255',
    );
    expect(rangeWords('192.168.1.0-192.168.1.255[External]', cluster)).toBe(
      '192.168.1.0/24, outside the cluster',
    );
    expect(rangeWords('shop/db[StatefulSet]', cluster)).toBeUndefined();
  });

  it('covers a range with the fewest CIDRs', () => {
    expect(cidrCover(ipv4CidrInterval('0.0.0.0/0'))).toEqual(['0.0.0.0/0']);
    expect(cidrCover([ipv4CidrInterval('10.0.0.0/8')[0], ipv4CidrInterval('11.0.0.0/8')[1]])).toEqual([
      '10.0.0.0/7',
    ]);
    expect(cidrCover([ipv4CidrInterval('10.0.0.1/32')[0], ipv4CidrInterval('10.0.0.2/32')[1]])).toEqual([
      '10.0.0.1/32',
      '10.0.0.2/32',
    ]);
  });
});
