// One place that records a finished API request: a JSON log line and the request metrics.

import { log } from './log';
import { metrics } from './metrics';
import { routeLabel } from './route-label';

export function observeRequest(request: Request, status: number, startedAt: number): void {
  const seconds = (performance.now() - startedAt) / 1000;
  const route = routeLabel(new URL(request.url).pathname);
  const method = request.method;
  metrics.httpRequests.inc({ method, route, status: String(status) });
  metrics.httpDuration.observe({ method, route }, seconds);
  log.info({ method, route, status, durationMs: Math.round(seconds * 1e4) / 10 }, 'request');
}
