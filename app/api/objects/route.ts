import { getSource } from 'lib/server';
import { ApiError } from 'lib/server/errors';
import { json, withErrors } from 'lib/server/http';
import { findObject, objectYaml } from 'lib/server/objects';
import { objectQuerySchema, parseQuery } from 'lib/server/validate';
import { isSecretKind, redactObject } from 'lib/store/redact';

export const dynamic = 'force-dynamic';

export const GET = withErrors(async (request) => {
  const { source, kind, namespace, name } = parseQuery(objectQuerySchema, new URL(request.url));
  const { snapshot } = await getSource(source);
  const ref = `${kind} ${namespace ? `${namespace}/` : ''}${name}`;
  // Secrets are never shown (nor stored); a live or built-in source may still hold one.
  const found = isSecretKind(kind) ? undefined : findObject(snapshot, kind, namespace, name);
  // The same redaction as on the way into the store: a live source is held unredacted in memory.
  const obj = found && redactObject(found);
  if (!obj) throw new ApiError(404, 'object not found', `${ref} is not in this source`);
  return json({
    kind: obj.kind,
    namespace: obj.metadata.namespace,
    name: obj.metadata.name,
    yaml: objectYaml(obj),
  });
});
