// Server part of the live badge: reads the status in-process for the first paint, then
// hands over to the polling client badge. Renders nothing when PACKETPATH_LIVE is off.

import { liveStatus } from 'lib/ingest/live/runtime';
import { LiveStatusBadge } from './live-status-badge';

export function LiveStatus() {
  const status = liveStatus();
  if (!status.enabled) return null;
  return <LiveStatusBadge initial={status} />;
}
