// Shape validation of every object whose fields the engine reads, one checker per
// kind. Problems of all objects are collected (not only the first) and returned as
// IngestErrors located at file / document / field; kinds nobody reads are reported
// as IGNORED_KIND warnings.

import type { IngestWarning, KubeObject, ObjectRef, Origin } from '../../model/types';
import { errorAt, type IngestError } from '../errors';
import type { Issues, Json } from './check';
import { checkMetadata, checkWorkload } from './common';
import {
  checkConfigMap,
  checkEndpointSlice,
  checkEndpoints,
  checkNamespace,
  checkNode,
  checkPod,
  checkService,
} from './core';
import { CALICO_CLUSTER_SCOPED, CALICO_POLICY_KINDS, isCalicoPolicyObject } from '../calico/api-group';
import { validateCalicoObject } from '../calico/objects';
import { checkAdminPolicy, checkNetworkPolicy } from './netpol';
import { checkCiliumCIDRGroup, checkCiliumPolicy } from './cilium';
import { checkClusterNetworkPolicy } from './cluster-netpol';
import { wrongGroup } from './groups';
import {
  checkAdvertisement,
  checkFelixConfiguration,
  checkInstallation,
  checkIPAddressPool,
  checkIPPool,
} from './platform';
import {
  checkGateway,
  checkGatewayClass,
  checkHTTPRoute,
  checkIngress,
  checkIngressClass,
  checkReferenceGrant,
} from './routing';

type KindCheck = (iss: Issues, obj: Json) => void;

const checks: Readonly<Record<string, KindCheck>> = {
  Pod: checkPod,
  Namespace: checkNamespace,
  Node: checkNode,
  Service: checkService,
  EndpointSlice: checkEndpointSlice,
  Endpoints: checkEndpoints,
  ConfigMap: checkConfigMap,
  NetworkPolicy: checkNetworkPolicy,
  AdminNetworkPolicy: checkAdminPolicy,
  BaselineAdminNetworkPolicy: checkAdminPolicy,
  ClusterNetworkPolicy: checkClusterNetworkPolicy,
  CiliumNetworkPolicy: checkCiliumPolicy,
  CiliumClusterwideNetworkPolicy: checkCiliumPolicy,
  CiliumCIDRGroup: checkCiliumCIDRGroup,
  Deployment: checkWorkload,
  StatefulSet: checkWorkload,
  DaemonSet: checkWorkload,
  ReplicaSet: checkWorkload,
  Job: checkWorkload,
  CronJob: checkWorkload,
  ReplicationController: checkWorkload,
  Ingress: checkIngress,
  IngressClass: checkIngressClass,
  GatewayClass: checkGatewayClass,
  Gateway: checkGateway,
  HTTPRoute: checkHTTPRoute,
  ReferenceGrant: checkReferenceGrant,
  IPAddressPool: checkIPAddressPool,
  L2Advertisement: checkAdvertisement,
  BGPAdvertisement: checkAdvertisement,
  IPPool: checkIPPool,
  Installation: checkInstallation,
  FelixConfiguration: checkFelixConfiguration,
  // Read by platform detectors for their presence or a few scalar fields only.
  BGPPeer: () => undefined,
  BGPConfiguration: () => undefined,
  // MetalLB ≥ 0.14 speakers record the node announcing each L2 service here.
  ServiceL2Status: () => undefined,
  CustomResourceDefinition: () => undefined,
  // Read for its labels (Calico serviceAccounts selectors read them as pcsa.*).
  ServiceAccount: () => undefined,
};

/** Kinds read only in a Calico API group (`isCalicoPolicyObject`); the group decides, not the kind. */
const calicoOnlyKinds = [...CALICO_POLICY_KINDS].filter((k) => !(k in checks));

/** Kinds the engine reads; objects of other kinds are kept but flagged IGNORED_KIND. */
export const KNOWN_KINDS: ReadonlySet<string> = new Set([...Object.keys(checks), ...calicoOnlyKinds]);

/** Kinds that have no namespace (so `metadata.namespace` is not defaulted to `default`). */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  'Namespace',
  'Node',
  'AdminNetworkPolicy',
  'BaselineAdminNetworkPolicy',
  'ClusterNetworkPolicy',
  'CiliumClusterwideNetworkPolicy',
  'CiliumCIDRGroup',
  'IngressClass',
  'GatewayClass',
  'IPPool',
  'Installation',
  'FelixConfiguration',
  'BGPPeer',
  'BGPConfiguration',
  'CustomResourceDefinition',
  ...CALICO_CLUSTER_SCOPED,
]);

/** Field problems of one object (empty when its shape is fine or its kind is not read). */
export function validateObject(object: KubeObject): Issues {
  const calico = isCalicoPolicyObject(object);
  const check = calico ? validateCalicoObject : checks[object.kind];
  if (!check || (!calico && wrongGroup(object))) return [];
  const iss: Issues = [];
  const obj = object as unknown as Json;
  checkMetadata(iss, obj);
  check(iss, obj);
  return iss;
}

export function refOf(object: KubeObject): ObjectRef {
  const m = object.metadata ?? {};
  const name = typeof m.name === 'string' ? m.name : typeof m.generateName === 'string' ? m.generateName : '';
  const ref: ObjectRef = { kind: object.kind, name };
  return typeof m.namespace === 'string' ? { ...ref, namespace: m.namespace } : ref;
}

export interface LocatedObject {
  readonly object: KubeObject;
  readonly origin: Origin;
}

/** Validates all objects; returns every field problem and an IGNORED_KIND warning per unread object. */
export function validateObjects(items: readonly LocatedObject[]): {
  errors: IngestError[];
  warnings: IngestWarning[];
} {
  const errors: IngestError[] = [];
  const warnings: IngestWarning[] = [];
  for (const { object, origin } of items) {
    if (
      !KNOWN_KINDS.has(object.kind) ||
      (calicoOnlyKinds.includes(object.kind) && !isCalicoPolicyObject(object))
    ) {
      const ref = refOf(object);
      warnings.push({
        code: 'IGNORED_KIND',
        message: `ignored ${describeRef(ref)}: kind ${object.kind} is not used`,
        origin,
        ref,
      });
      continue;
    }
    const groups = wrongGroup(object);
    if (groups) {
      const ref = refOf(object);
      const message = `ignored ${describeRef(ref)}: apiVersion ${String(object.apiVersion)} is not the ${groups.join(' / ')} ${object.kind} that is read`;
      warnings.push({ code: 'IGNORED_KIND', message, origin, ref });
      continue;
    }
    for (const issue of validateObject(object)) {
      if (issue.warning) {
        const ref = refOf(object);
        warnings.push({
          code: 'ASSUMPTION',
          message: `${describeRef(ref)}: ${issue.field}: ${issue.reason}`,
          origin,
          ref,
        });
        continue;
      }
      errors.push(
        errorAt(origin, { code: issue.code, field: issue.field, reason: issue.reason, ref: refOf(object) }),
      );
    }
  }
  return { errors, warnings };
}

export function describeRef(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}
