import { describe, expect, it } from 'vitest';
import { inlineParts, isCommandLine, parseFix } from './fix-text';

const kinds = (fix: string) =>
  parseFix(fix).map((b) =>
    b.kind === 'command'
      ? ['command', b.command]
      : ['prose', b.parts.map((p) => `${p.kind}:${p.text}`).join('|')],
  );

describe('parseFix', () => {
  it('splits prose from a command on its own line', () => {
    expect(
      kinds(
        `Keep the client IP with externalTrafficPolicy: Local (spread the pods):\nkubectl patch service -n shop web -p '{"spec":{"externalTrafficPolicy":"Local"}}'`,
      ),
    ).toEqual([
      ['prose', 'text:Keep the client IP with externalTrafficPolicy: Local (spread the pods):'],
      ['command', `kubectl patch service -n shop web -p '{"spec":{"externalTrafficPolicy":"Local"}}'`],
    ]);
  });

  it('keeps a heredoc in one command block, up to its terminator', () => {
    const fix =
      "Allow DNS:\nkubectl apply -f - <<'EOF'\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nspec:\n  podSelector: {}\nEOF";
    const blocks = parseFix(fix);
    expect(blocks).toHaveLength(2);
    expect(blocks[1]).toEqual({
      kind: 'command',
      command:
        "kubectl apply -f - <<'EOF'\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nspec:\n  podSelector: {}\nEOF",
    });
  });

  it('gives each command line its own block, and splits a "; " list of commands', () => {
    expect(
      kinds(
        'Switch the mode:\nkubectl -n kube-system edit configmap kube-proxy\nkubectl -n kube-system rollout restart daemonset kube-proxy',
      ),
    ).toEqual([
      ['prose', 'text:Switch the mode:'],
      ['command', 'kubectl -n kube-system edit configmap kube-proxy'],
      ['command', 'kubectl -n kube-system rollout restart daemonset kube-proxy'],
    ]);
    expect(
      kinds(
        'Include the CNI objects in the snapshot: kubectl get ippools -A -o yaml; kubectl get cm -n kube-system cilium-config -o yaml',
      ),
    ).toEqual([
      ['prose', 'text:Include the CNI objects in the snapshot:'],
      ['command', 'kubectl get ippools -A -o yaml'],
      ['command', 'kubectl get cm -n kube-system cilium-config -o yaml'],
    ]);
  });

  it('takes a command that ends a sentence after ", then"', () => {
    expect(
      kinds(
        'add "MTU": 1450 to net-conf.json in ConfigMap kube-flannel-cfg, then kubectl -n kube-flannel rollout restart daemonset kube-flannel-ds',
      ),
    ).toEqual([
      ['prose', 'text:add "MTU": 1450 to net-conf.json in ConfigMap kube-flannel-cfg, then'],
      ['command', 'kubectl -n kube-flannel rollout restart daemonset kube-flannel-ds'],
    ]);
  });

  it('renders backtick spans as inline code and leaves the sentence whole', () => {
    expect(
      kinds('State it: annotate each node (`kubectl annotate node NODE x=1`), or pass --underlay-mtu.'),
    ).toEqual([
      [
        'prose',
        'text:State it: annotate each node (|code:kubectl annotate node NODE x=1|text:), or pass --underlay-mtu.',
      ],
    ]);
  });

  it('leaves plain prose alone, including sentences that mention a tool', () => {
    expect(kinds('Nothing to fix.')).toEqual([['prose', 'text:Nothing to fix.']]);
    expect(kinds('Upgrade the kernel on worker-1 to 5.10+, or keep kube-proxy on that node.')).toHaveLength(
      1,
    );
    expect(isCommandLine('ping the service from another pod.')).toBe(false);
    expect(isCommandLine('curl the endpoint')).toBe(false);
    expect(isCommandLine('Keep the client IP with externalTrafficPolicy: Local')).toBe(false);
  });

  it('recognises command lines by their first word', () => {
    for (const line of [
      'ip -o link show',
      'tracepath -n 10.0.0.1',
      'iptables -t nat -L KUBE-SERVICES -n',
      'calicoctl get ippool -o wide',
      'cilium status',
      'nft list ruleset',
      'ipvsadm -Ln',
      '$ helm list -A',
      'sudo conntrack -L',
    ]) {
      expect(isCommandLine(line), line).toBe(true);
    }
    expect(isCommandLine('Kubectl is a tool')).toBe(false);
  });

  it('joins `\\` continuations into one command and drops blank lines', () => {
    expect(parseFix('Run:\n\ncurl -sv \\\n  http://10.0.0.1/')).toEqual([
      { kind: 'prose', parts: [{ kind: 'text', text: 'Run:' }] },
      { kind: 'command', command: 'curl -sv \\\n  http://10.0.0.1/' },
    ]);
  });

  it('keeps an unpaired backtick as text', () => {
    expect(inlineParts('a ` b')).toEqual([{ kind: 'text', text: 'a ` b' }]);
  });
});
