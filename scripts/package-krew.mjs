// `npm run package:krew [OUTDIR]`: the archive krew installs for `kubectl krew install packetpath`.
// The CLI is bundled into one ES module (esbuild; no node_modules needed where it runs) and
// packed with a POSIX sh launcher and the LICENSE into kubectl-packetpath.tar.gz. Entries
// carry fixed times and owners, so the same sources give the same bytes and the same sha256,
// which the krew manifest (deploy/krew/packetpath.yaml) pins.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';

const root = resolve(import.meta.dirname, '..');
const outDir = resolve(process.argv[2] ?? join(root, 'dist/krew'));

const launcher = `#!/bin/sh
# kubectl runs kubectl-packetpath for \`kubectl packetpath ...\`; krew links it onto PATH.
here=$(dirname "$(readlink -f "$0" 2>/dev/null || echo "$0")")
exec node "$here/packetpath.mjs" "$@"
`;

const bundled = await build({
  stdin: {
    contents:
      "import { main } from './bin/cli/main.ts';\nprocess.exitCode = await main(process.argv.slice(2));\n",
    resolveDir: root,
    sourcefile: 'kubectl-packetpath-entry.ts',
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.9',
  write: false,
  legalComments: 'eof',
  logLevel: 'warning',
  // Bundled CommonJS dependencies call require(); an ES module has none of its own.
  banner: {
    js: "import { createRequire as __packetpathRequire } from 'node:module';\nconst require = __packetpathRequire(import.meta.url);",
  },
});
const script = bundled.outputFiles[0].contents;

/** A deterministic tar.gz of the given files (name, mode, contents). */
async function archive(files) {
  const pack = tar.pack();
  const chunks = [];
  pack.on('data', (c) => chunks.push(c));
  const done = new Promise((ok, fail) => {
    pack.on('end', ok);
    pack.on('error', fail);
  });
  for (const f of files) {
    pack.entry(
      { name: f.name, mode: f.mode, mtime: new Date(0), uid: 0, gid: 0, uname: '', gname: '' },
      Buffer.from(f.body),
    );
  }
  pack.finalize();
  await done;
  // gzip without a name or time in its header (zlib writes neither), so bytes depend on content only.
  return gzipSync(Buffer.concat(chunks), { level: 9 });
}

const bytes = await archive([
  { name: 'kubectl-packetpath', mode: 0o755, body: launcher },
  { name: 'packetpath.mjs', mode: 0o644, body: script },
  { name: 'LICENSE', mode: 0o644, body: readFileSync(join(root, 'LICENSE')) },
]);
mkdirSync(outDir, { recursive: true });
const file = join(outDir, 'kubectl-packetpath.tar.gz');
writeFileSync(file, bytes);
const sha256 = createHash('sha256').update(bytes).digest('hex');
writeFileSync(`${file}.sha256`, `${sha256}  kubectl-packetpath.tar.gz\n`);
process.stdout.write(`${file}\nsha256 ${sha256}\n`);
