// Scenario plumbing: objects built lazily (the large scenarios hold thousands) and fixed
// variants derived from the broken scenario by a list of changes.

import type { ClusterSettings, KubeObject } from '../../model/types';
import type { Scenario, ScenarioQuery } from '../types';
import { applyChanges, type Change } from './patch';

export interface ScenarioInput {
  readonly slug: string;
  readonly title: string;
  readonly story: string;
  readonly tags: readonly string[];
  readonly settings: ClusterSettings;
  readonly queries: readonly ScenarioQuery[];
  readonly fixedBy?: string;
  readonly fixes?: string;
}

/** A Scenario whose objects are built on first access and then kept. */
export function defineScenario(input: ScenarioInput, build: () => readonly KubeObject[]): Scenario {
  let cache: readonly KubeObject[] | undefined;
  return {
    ...input,
    get objects(): readonly KubeObject[] {
      cache ??= Object.freeze([...build()]);
      return cache;
    },
  };
}

/** The fixed variant of `base`: same cluster with `changes` applied. */
export type FixInput = Omit<ScenarioInput, 'fixes' | 'queries' | 'settings' | 'tags'> & {
  readonly queries?: readonly ScenarioQuery[];
  readonly settings?: ClusterSettings;
  readonly tags?: readonly string[];
};

export function deriveFix(base: Scenario, input: FixInput, changes: readonly Change[]): Scenario {
  return defineScenario(
    {
      ...input,
      fixes: base.slug,
      tags: input.tags ?? base.tags,
      settings: input.settings ?? base.settings,
      queries: input.queries ?? base.queries,
    },
    () => applyChanges(base.objects, changes),
  );
}
