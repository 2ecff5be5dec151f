// A built-in demo cluster: realistic objects plus the story that explains them.

import type { ClusterSettings, KubeObject } from '../model/types';
import type { TraceQuery } from '../engine/types';

export interface ScenarioQuery extends TraceQuery {
  /** What this query shows, in a few words ("web → db across nodes"). */
  readonly label: string;
}

export interface Scenario {
  /** kebab-case id used in `scenario:SLUG` source ids and URLs. */
  readonly slug: string;
  readonly title: string;
  /** Two or three sentences: what the operator sees, and what is really wrong. */
  readonly story: string;
  /** CNI / data-plane tags shown on the home page ("Calico", "VXLAN", "IPVS"). */
  readonly tags: readonly string[];
  readonly settings: ClusterSettings;
  readonly objects: readonly KubeObject[];
  /** The trace that shows the problem; the dashboard opens it first. */
  readonly queries: readonly ScenarioQuery[];
  /** Slug of the scenario with the fix applied, or of the broken one (for a fixed variant). */
  readonly fixedBy?: string;
  readonly fixes?: string;
}
