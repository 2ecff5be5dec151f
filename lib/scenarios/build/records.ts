// What the cluster builder remembers about each pod, so Services and EndpointSlices can be
// derived consistently from the same facts the Pod objects carry.

export interface PodRecord {
  readonly name: string;
  readonly namespace: string;
  readonly uid: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly ip: string;
  readonly node: string;
  readonly zone: string;
  readonly ready: boolean;
  readonly hostNetwork: boolean;
  readonly ports: ReadonlyArray<{
    readonly name?: string;
    readonly containerPort: number;
    readonly protocol: 'TCP' | 'UDP' | 'SCTP';
  }>;
}

export function selects(
  selector: Readonly<Record<string, string>>,
  labels: Readonly<Record<string, string>>,
): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}
