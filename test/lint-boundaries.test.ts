// The layer rules live in eslint.config.mjs (eslint-plugin-boundaries and no-restricted-imports);
// `npm run lint` enforces them on the tree. These cases prove that each rule fires where it must
// and stays quiet where an import is allowed, so a config change cannot switch them off unseen.
import { ESLint } from 'eslint';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: root });

async function rulesFired(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, filePath) });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('layer boundaries', () => {
  it.each([
    ['lib/engine/x.ts', "import { getSources } from 'lib/server';\nexport const x = getSources;\n"],
    ['lib/engine/x.ts', "import { y } from '../../components/api/client';\nexport const x = y;\n"],
    ['lib/model/x.ts', "import { parseSnapshot } from 'lib/ingest';\nexport const x = parseSnapshot;\n"],
    ['lib/engine/x.ts', "import { log } from 'lib/ops/log';\nexport const x = log;\n"],
    [
      'lib/server/x.ts',
      "import { TraceView } from 'components/trace/trace-view';\nexport const x = TraceView;\n",
    ],
    ['components/x.tsx', "import Page from '../app/page';\nexport const x = Page;\n"],
    [
      'components/x.tsx',
      "'use client';\nimport { getSources } from 'lib/server';\nexport const x = getSources;\n",
    ],
  ])('%s: an import against the layers is an error', async (file, code) => {
    expect(await rulesFired(file, code)).toContain('boundaries/dependencies');
  });

  it.each([
    ['lib/engine/x.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n"],
    ['lib/scenarios/x.ts', "import { useState } from 'react';\nexport const x = useState;\n"],
    ['lib/tours/x.ts', "import Link from 'next/link';\nexport const x = Link;\n"],
  ])('%s: the pure layers import no framework or Node built-in', async (file, code) => {
    expect(await rulesFired(file, code)).toContain('no-restricted-imports');
  });

  it('the pure layers have no console calls', async () => {
    expect(await rulesFired('lib/engine/x.ts', "export const x = () => console.log('hi');\n")).toContain(
      'no-console',
    );
  });

  it.each([
    [
      'components/x.tsx',
      "import type { SourceEntry } from 'lib/server/sources';\nexport type X = SourceEntry;\n",
    ],
    ['app/x.tsx', "import { getSources } from 'lib/server';\nexport const x = getSources;\n"],
    ['lib/engine/x.ts', "import { isIPv4 } from '../model/ip';\nexport const x = isIPv4;\n"],
    ['lib/store/x.ts', "import { log } from '../ops/log';\nexport const x = log;\n"],
    ['lib/server/x.ts', "import { traceRoute } from 'lib/engine';\nexport const x = traceRoute;\n"],
  ])('%s: an import along the layers passes', async (file, code) => {
    expect(await rulesFired(file, code)).not.toContain('boundaries/dependencies');
  });
});
