// What every trace leg reads and writes: the model, platform facts, derived indexes,
// the path being built and the packet's current state (addresses and size).

import type { IPFamily } from '../../model/ip';
import type { ClusterModel, Protocol } from '../../model/types';
import type { PlatformInfo } from '../platform/types';
import type { IpBlockRule } from '../policy/ipblock-rule';
import type { DerivedIndex } from './derived-index';
import type { PathBuilder } from './path';
import type { HttpRequest } from './route-match';

export interface Packet {
  src: string;
  dst: string;
  /** IP packet size in bytes as it travels now (shrinks to the pod MTU if fragmented). */
  size: number;
}

export interface TraceContext {
  readonly model: ClusterModel;
  readonly platform: PlatformInfo;
  readonly derived: DerivedIndex;
  readonly path: PathBuilder;
  readonly protocol: Protocol;
  /** Destination port as asked (service port for services, container port for pods). */
  readonly port?: number;
  /** `--size` when given; undefined = the source interface's MTU. */
  readonly explicitSize?: number;
  readonly packet: Packet;
  /** The address family traced (dual-stack clusters trace one family's data plane); undefined = IPv4. */
  readonly family?: IPFamily;
  /** Nodes whose underlay MTU was assumed, so MTU_ASSUMED is raised once per node. */
  readonly assumedNoted: Set<string>;
  /** Whether ipBlocks match pod addresses (`ipblockPods`, else the detected CNI's rule); absent = the CNI's. */
  readonly ipBlock?: IpBlockRule;
  /** The HTTP request of a URL trace (method, path, query, headers). */
  request?: HttpRequest;
}

/** `addr:port` when there is a port. */
export function hostPort(addr: string, port: number | undefined): string {
  if (port === undefined) return addr;
  return addr.includes(':') ? `[${addr}]:${port}` : `${addr}:${port}`;
}
