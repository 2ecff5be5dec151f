// The route label of a request: the path with its id segments replaced by [id], so the
// metrics name the route template (/api/shares/[id]) and their label set stays bounded.

const STATIC_SEGMENTS = new Set([
  'api',
  'trace',
  'reach',
  'lint',
  'sources',
  'shares',
  'snapshots',
  'diff',
  'download',
  'whatif',
  'objects',
  'endpoints',
  'live',
  'health',
  'ready',
  'metrics',
  'openapi.json',
]);

export function routeLabel(pathname: string): string {
  const segments = pathname.split('/').filter(Boolean);
  return `/${segments.map((s) => (STATIC_SEGMENTS.has(s) ? s : '[id]')).join('/')}`;
}
