// Runs the CLI in process with its output captured: stderr kept for the assertions, stdout
// dropped (the hostile-input tests only look at how the CLI refuses).

import { vi } from 'vitest';
import { main } from '../../bin/cli/main';

export async function runCli(args: readonly string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    const code = await main([...args]);
    return { code, stderr };
  } finally {
    err.mockRestore();
    out.mockRestore();
  }
}
