// Where a verify command runs, and the prefix that makes it paste-able there. A command
// without its place ("tracepath -n 10.244.2.7" — from which pod? which node?) is the
// first question on a call; the engine answers it, the pages and formats only render it.

import type { VerifyStep, VerifyWhere } from '../types';

/**
 * The image of a node debug pod. `kubectl debug node/NAME` runs a pod in the node's host
 * namespaces (network, PID, IPC; the node's filesystem under /host): kubernetes.io/docs/
 * reference/kubectl/generated/kubectl_debug ("Node: Create a new pod that runs in the node's
 * host namespaces"). netshoot carries ip, iptables, nft, ipvsadm, conntrack, tcpdump,
 * tracepath and ping; `--profile=sysadmin` makes it privileged so iptables and nft can read
 * the tables (kubectl debug profiles, KEP-1441).
 */
export const NODE_DEBUG_IMAGE = 'nicolaka/netshoot';

export function anywhere(command: string, note?: string): VerifyStep {
  return step(command, { kind: 'anywhere' }, note);
}

/** In pod `ns/name` (its first container) through `kubectl exec`. */
export function inPod(ref: string, command: string, note?: string): VerifyStep {
  const slash = ref.indexOf('/');
  const where: VerifyWhere =
    slash < 0
      ? { kind: 'pod', namespace: 'default', pod: ref }
      : { kind: 'pod', namespace: ref.slice(0, slash), pod: ref.slice(slash + 1) };
  return step(command, where, note);
}

/** In a debug pod in `node`'s host namespaces (`kubectl debug node/NAME`). */
export function debugNode(node: string, command: string, note?: string): VerifyStep {
  return step(command, { kind: 'node-debug', node }, note);
}

/** In a root shell on `node` itself (the node's own binaries: crictl, nsenter with a PID from crictl). */
export function onNode(node: string, command: string, note?: string): VerifyStep {
  return step(command, { kind: 'node', node }, note);
}

function step(command: string, where: VerifyWhere, note: string | undefined): VerifyStep {
  return note ? { command, where, note } : { command, where };
}

/** In a debug pod on `node`, or on the node named in words (`the source node`) when the snapshot does not say which. */
export function atNode(
  node: string | undefined,
  orWhere: string,
  command: string,
  note?: string,
): VerifyStep {
  return node ? debugNode(node, command, note) : onNode(orWhere, command, note);
}

/**
 * A data-plane command written by a trace leg (kube-proxy chains, eBPF maps, conntrack):
 * kubectl commands run anywhere, the rest on the node the hop happens on (`orWhere` in
 * words when it is not known). A trailing `# ...` becomes the note.
 */
export function dataPlaneStep(text: string, node: string | undefined, orWhere = 'the node'): VerifyStep {
  const m = /^(.*?)\s+#\s*(.*)$/.exec(text);
  const command = m ? m[1]! : text;
  const note = m ? m[2] : undefined;
  if (/^kubectl\s/.test(command)) return anywhere(command, note);
  return atNode(node, orWhere, command, note);
}

/** The prefix that runs a command at `where`, as a person types it; undefined for anywhere. */
export function wherePrefix(where: VerifyWhere): string | undefined {
  switch (where.kind) {
    case 'pod':
      return `kubectl exec -n ${where.namespace} ${where.pod} --`;
    case 'node-debug':
      return `kubectl debug node/${where.node} -it --profile=sysadmin --image=${NODE_DEBUG_IMAGE} --`;
    case 'node':
      return undefined;
    case 'anywhere':
      return undefined;
  }
}

/** Where a command runs, in words, for a label beside it (`on worker-1`). */
export function whereText(where: VerifyWhere): string {
  switch (where.kind) {
    case 'pod':
      return `in pod ${where.namespace}/${where.pod}`;
    case 'node-debug':
      return `in a debug pod on ${where.node}`;
    case 'node':
      return `on ${where.node}`;
    case 'anywhere':
      return 'anywhere kubectl works';
  }
}

/** The line a person pastes: prefix, command, and the note (and the node for `node`) as a comment. */
export function renderStep(s: VerifyStep): string {
  const prefix = wherePrefix(s.where);
  const line = prefix ? `${prefix} ${s.command}` : s.command;
  const comment =
    s.where.kind === 'node' ? `on ${s.where.node}${s.note ? `: ${s.note}` : ''}` : (s.note ?? undefined);
  return comment ? `${line}   # ${comment}` : line;
}
