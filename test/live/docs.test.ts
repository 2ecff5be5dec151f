// The air-gapped kubectl command in the docs must dump what the live source reads:
// every kind, every settings ConfigMap, and never Secrets.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rbacResource, SETTINGS_CONFIGMAPS, WATCHED_KINDS } from '../../lib/ingest/live/kinds';
import { kubectlDumpCommand } from '../../lib/ingest/live/dump-command';

const doc = readFileSync(join(import.meta.dirname, '../../docs/snapshots.md'), 'utf8');
const section = doc.slice(doc.indexOf('## Air-gapped'));
const command = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]).join('\n');
// Shell line continuations joined, so a resource list split over lines reads as one.
const joined = command.replace(/\\\n\s*/g, '');

describe('docs/snapshots.md kubectl dump', () => {
  it.each(WATCHED_KINDS.filter((k) => !k.only).map((k) => rbacResource(k)))('names %s', (resource) => {
    expect(joined).toMatch(new RegExp(`(^|[\\s,])${resource.replace(/\./g, '\\.')}([\\s,;]|$)`, 'm'));
  });

  it('reads the settings ConfigMaps by name and never Secrets', () => {
    for (const c of SETTINGS_CONFIGMAPS) {
      expect(joined).toMatch(new RegExp(`-n ${c.namespace} get configmap [^\\n]*\\b${c.name}\\b`));
    }
    expect(joined).not.toMatch(/secret/i);
  });

  it('is the generated command the Upload page shows, byte for byte', () => {
    expect(command).toContain(`${kubectlDumpCommand()}\n`);
  });
});
