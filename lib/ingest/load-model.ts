// Snapshot → ClusterModel: validate every object the engine reads, drop duplicates
// (the later definition wins, as with `kubectl apply`), normalize, index.

import { indexModel } from '../model/index-model';
import type { ClusterModel, IngestWarning, KubeObject, Snapshot } from '../model/types';
import { throwIfAny } from './errors';
import { identityOf, normalizeObjects } from './normalize';
import { originOf } from './origins';
import { validateObjects, type LocatedObject } from './validate';
import { validatedWarnings } from './validated';

/**
 * Builds the indexed, immutable model of a snapshot. Throws `IngestError` /
 * `IngestErrors` (INVALID_FIELD, MISSING_FIELD) naming file, document and field
 * when an object has the wrong shape; objects parsed by `parseText`/`readInputs`
 * keep their file origin, others are located as `objects[N]`. Deterministic: the
 * same snapshot always gives the same model.
 */
export function loadModel(snapshot: Snapshot): ClusterModel {
  const located: LocatedObject[] = snapshot.objects.map((object, i) => ({
    object,
    origin: originOf(object, i),
  }));
  // A list snapshotFromObjects validated is not validated again (validated.ts).
  const known = validatedWarnings(snapshot.objects);
  const { errors, warnings } = known ? { errors: [], warnings: known } : validateObjects(located);
  throwIfAny(errors);
  const { items, duplicates } = dropDuplicates(located);
  const normalized = normalizeObjects(items);
  const objectsByKind = new Map<string, KubeObject[]>();
  for (const { object } of items) {
    const list = objectsByKind.get(object.kind);
    if (list) list.push(object);
    else objectsByKind.set(object.kind, [object]);
  }
  const allWarnings: IngestWarning[] = [...warnings, ...duplicates, ...normalized.warnings];
  return indexModel(normalized.entities, snapshot.meta, snapshot.settings, objectsByKind, allWarnings);
}

function dropDuplicates(located: readonly LocatedObject[]): {
  items: LocatedObject[];
  duplicates: IngestWarning[];
} {
  const last = new Map<string, number>();
  const ids = located.map(({ object }) => identityOf(object));
  ids.forEach((id, i) => last.set(id, i));
  const duplicates: IngestWarning[] = [];
  const items = located.filter(({ origin }, i) => {
    const id = ids[i]!;
    if (last.get(id) === i) return true;
    const later = located[last.get(id)!]!.origin;
    duplicates.push({
      code: 'DUPLICATE_OBJECT',
      message: `${id} is defined more than once; the later definition${later.file ? ` (${later.file})` : ''} is used`,
      origin,
    });
    return false;
  });
  return { items, duplicates };
}
