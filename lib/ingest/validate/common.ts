// Shapes shared by many kinds: metadata, label selectors, pod specs and templates.

import {
  at,
  eachMap,
  fieldOf,
  invalid,
  missing,
  optBool,
  optEnum,
  optInt,
  optMap,
  optPort,
  optProtocol,
  optString,
  optStringList,
  optStringMap,
  type Issues,
  type Json,
} from './check';
import { optIP } from './net';

const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;

/** metadata: name (or generateName) required unless `nameOptional`; labels, annotations, ownerReferences. */
export function checkMetadata(iss: Issues, obj: Json, nameOptional = false): void {
  const m = optMap(iss, obj.metadata, 'metadata');
  if (!m) {
    if (!nameOptional) missing(iss, 'metadata.name');
    return;
  }
  const name = optString(iss, m.name, 'metadata.name');
  const generateName = optString(iss, m.generateName, 'metadata.generateName');
  if (!name && !generateName && !nameOptional && m.name == null) missing(iss, 'metadata.name');
  else if (name === '' && !generateName && !nameOptional) invalid(iss, 'metadata.name', 'must not be empty');
  optString(iss, m.namespace, 'metadata.namespace');
  optStringMap(iss, m.labels, 'metadata.labels');
  optStringMap(iss, m.annotations, 'metadata.annotations');
  eachMap(iss, m.ownerReferences, 'metadata.ownerReferences', (ref, p) => {
    optString(iss, ref.kind, at(p, 'kind'));
    if (optString(iss, ref.name, at(p, 'name')) === undefined && ref.name == null)
      missing(iss, at(p, 'name'));
    optBool(iss, ref.controller, at(p, 'controller'));
  });
}

/** A metav1.LabelSelector: matchLabels AND matchExpressions. */
export function checkSelector(iss: Issues, v: unknown, path: string): void {
  const sel = optMap(iss, v, path);
  if (!sel) return;
  for (const key in sel) {
    if (key !== 'matchLabels' && key !== 'matchExpressions') {
      invalid(
        iss,
        at(path, key),
        'unknown field in a label selector (expected matchLabels or matchExpressions)',
      );
    }
  }
  optStringMap(iss, sel.matchLabels, at(path, 'matchLabels'));
  eachMap(iss, sel.matchExpressions, at(path, 'matchExpressions'), (req, p) => {
    if (optString(iss, req.key, at(p, 'key')) === undefined && req.key == null) missing(iss, at(p, 'key'));
    const op = optEnum(iss, req.operator, at(p, 'operator'), OPERATORS);
    if (req.operator === undefined || req.operator === null) missing(iss, at(p, 'operator'));
    const values = optStringList(iss, req.values, at(p, 'values'));
    if ((op === 'In' || op === 'NotIn') && (!values || values.length === 0)) {
      invalid(iss, at(p, 'values'), `operator ${op} needs at least one value`);
    }
    if ((op === 'Exists' || op === 'DoesNotExist') && values && values.length > 0) {
      invalid(iss, at(p, 'values'), `operator ${op} takes no values`);
    }
  });
}

/** Containers and their ports, hostNetwork, nodeName; status fields of a Pod when given. */
export function checkPodSpec(iss: Issues, v: unknown, path: string): void {
  const spec = optMap(iss, v, path);
  if (!spec) return;
  optString(iss, spec.nodeName, at(path, 'nodeName'));
  optBool(iss, spec.hostNetwork, at(path, 'hostNetwork'));
  for (const list of ['containers', 'initContainers'] as const) {
    eachMap(iss, spec[list], at(path, list), (c, cp) => {
      optString(iss, c.name, at(cp, 'name'));
      eachMap(iss, c.ports, at(cp, 'ports'), (port, pp) => {
        optString(iss, port.name, at(pp, 'name'));
        const containerPort = fieldOf(iss, port, 'containerPort', pp);
        if (optPort(iss, containerPort, at(pp, 'containerPort')) === undefined && containerPort == null) {
          missing(iss, at(pp, 'containerPort'));
        }
        optProtocol(iss, port.protocol, at(pp, 'protocol'));
        optPort(iss, port.hostPort, at(pp, 'hostPort'));
      });
    });
  }
}

/** status of a Pod: podIP(s), hostIP, phase, conditions. */
export function checkPodStatus(iss: Issues, v: unknown, path: string): void {
  const st = optMap(iss, v, path);
  if (!st) return;
  optIP(iss, st.podIP, at(path, 'podIP'));
  optIP(iss, st.hostIP, at(path, 'hostIP'));
  eachMap(iss, st.podIPs, at(path, 'podIPs'), (ip, p) => optIP(iss, ip.ip, at(p, 'ip')));
  optString(iss, st.phase, at(path, 'phase'));
  checkConditions(iss, st.conditions, at(path, 'conditions'));
}

export function checkConditions(iss: Issues, v: unknown, path: string): void {
  eachMap(iss, v, path, (c, p) => {
    optString(iss, c.type, at(p, 'type'));
    optString(iss, c.status, at(p, 'status'));
  });
}

/** A pod template: metadata.labels/annotations and a pod spec. */
export function checkTemplate(iss: Issues, v: unknown, path: string): void {
  const t = optMap(iss, v, path);
  if (!t) return;
  const m = optMap(iss, t.metadata, at(path, 'metadata'));
  if (m) {
    optStringMap(iss, m.labels, at(at(path, 'metadata'), 'labels'));
    optStringMap(iss, m.annotations, at(at(path, 'metadata'), 'annotations'));
  }
  checkPodSpec(iss, t.spec, at(path, 'spec'));
}

/** Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, ReplicationController; CronJob via jobTemplate. */
export function checkWorkload(iss: Issues, obj: Json): void {
  const spec = optMap(iss, obj.spec, 'spec');
  if (!spec) return;
  optInt(iss, spec.replicas, 'spec.replicas', 0);
  if (obj.kind === 'ReplicationController') optStringMap(iss, spec.selector, 'spec.selector');
  else checkSelector(iss, spec.selector, 'spec.selector');
  if (obj.kind === 'CronJob') {
    const jt = optMap(iss, spec.jobTemplate, 'spec.jobTemplate');
    const js = jt && optMap(iss, jt.spec, 'spec.jobTemplate.spec');
    if (js) checkTemplate(iss, js.template, 'spec.jobTemplate.spec.template');
    return;
  }
  checkTemplate(iss, spec.template, 'spec.template');
}
