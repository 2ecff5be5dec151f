// Checks that the container image's tree can run the worker threads, without a container
// engine: it assembles the runtime stage of deploy/Dockerfile from a standalone build (each
// `COPY --from=build /app/X ./Y` of that stage, read from the Dockerfile itself), starts
// its server.js as the image's CMD does, and asks it for what needs the worker entry and
// its imports: the preloaded thread (instrumentation.ts logs it ready), an upload (parsed,
// stored and modelled in a worker: 201), a trace of it (answered in the worker: 200) and
// a reach (computed in the worker: 200). Exit 0 only when all of it holds.
//
//   PACKETPATH_STANDALONE=1 PACKETPATH_DIST_DIR=e2e-output/standalone-build npx next build
//   PACKETPATH_DIST_DIR=e2e-output/standalone-build node deploy/scripts/check-standalone.mjs
//
// node_modules is the checkout's (linked, not copied): the image's is the same install
// pruned to production dependencies (`npm prune --omit=dev` in the build stage).

import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const distDir = process.env.PACKETPATH_DIST_DIR || '.next';
const port = Number(process.env.CHECK_PORT || 3399);

function fail(message) {
  console.error(`check-standalone: ${message}`);
  process.exit(1);
}

if (!existsSync(join(root, distDir, 'standalone/server.js')))
  fail(`${distDir}/standalone/server.js not found: build with PACKETPATH_STANDALONE=1 first`);

// The runtime stage's copies from the build stage, in order.
const dockerfile = readFileSync(join(root, 'deploy/Dockerfile'), 'utf8').replace(/\\\n/g, ' ');
const stages = dockerfile.split(/^FROM /m);
const runtime = stages.find((s) => /\sAS runtime\b/i.test(s.split('\n')[0]));
if (!runtime) fail('deploy/Dockerfile has no runtime stage');
const copies = runtime
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l.startsWith('COPY --from=build'))
  .map((l) => {
    const words = l.split(/\s+/).filter((w) => !w.startsWith('--'));
    return { from: words[1], to: words[2] };
  });

// Outside the checkout, as /app is in the image: no package.json above it ("type": "module"
// here would make server.js, CommonJS, an ES module). PACKETPATH_TREE keeps it somewhere.
const tree = process.env.PACKETPATH_TREE || join(tmpdir(), 'packetpath-standalone-tree');
rmSync(tree, { recursive: true, force: true });
const inDist = (p) =>
  p.replace(/^\/app\/\.next(?=\/|$)/, `/app/${distDir}`).replace(/^\.\/\.next(?=\/|$)/, `./${distDir}`);
for (const { from, to } of copies) {
  const src = join(root, inDist(from).replace(/^\/app\/?/, ''));
  const dst = join(tree, inDist(to));
  if (!existsSync(src)) fail(`the Dockerfile copies ${from}, which the build does not have (${src})`);
  if (from === '/app/node_modules') {
    rmSync(dst, { recursive: true, force: true });
    symlinkSync(src, dst, 'dir');
  } else cpSync(src, dst, { recursive: true, filter: (f) => !f.endsWith('.test.ts') });
  console.log(`copied ${from} → ${to}`);
}
for (const needed of [
  'server.js',
  'lib/server/workers/entry.mjs',
  'lib/server/workers/tasks.ts',
  'tsconfig.json',
])
  if (!existsSync(join(tree, needed))) fail(`the image tree lacks ${needed}`);

const dataDir = mkdtempSync(join(tmpdir(), 'packetpath-standalone-'));
const server = spawn(process.execPath, ['server.js'], {
  cwd: tree,
  env: {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    PORT: String(port),
    HOSTNAME: '127.0.0.1',
    PACKETPATH_DATA_DIR: dataDir,
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
const output = [];
let preloaded = false;
let onPreload = () => {};
for (const stream of [server.stdout, server.stderr])
  createInterface({ input: stream }).on('line', (line) => {
    output.push(line);
    if (/worker threads preloaded/.test(line) && /"ready":[1-9]/.test(line)) {
      preloaded = true;
      onPreload();
    }
  });
const done = (code) => {
  server.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
  if (code !== 0) console.error(output.slice(-40).join('\n'));
  process.exit(code);
};
server.on('exit', (code) => {
  console.error(`server.js exited (${code})`);
  done(1);
});

const base = `http://127.0.0.1:${port}`;
try {
  await new Promise((ok, no) => {
    const timer = setTimeout(
      () => no(new Error('no "worker threads preloaded" with a ready thread in 180 s')),
      180_000,
    );
    onPreload = () => (clearTimeout(timer), ok());
    if (preloaded) onPreload();
  });
  console.log('a worker thread is preloaded and ready');
  const pod = (name, ip, labels) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'shop', labels },
    spec: {
      nodeName: 'node-1',
      containers: [{ name: 'app', image: 'app:1', ports: [{ containerPort: 8080 }] }],
    },
    status: { phase: 'Running', podIP: ip, podIPs: [{ ip }], hostIP: '192.168.0.10' },
  });
  const dump = {
    apiVersion: 'v1',
    kind: 'List',
    items: [pod('web-1', '10.244.0.11', { app: 'web' }), pod('api-1', '10.244.0.12', { app: 'api' })],
  };
  const up = await fetch(`${base}/api/sources?name=check.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(dump),
  });
  const created = await up.json();
  if (up.status !== 201) throw new Error(`upload answered ${up.status}: ${JSON.stringify(created)}`);
  console.log(`upload → 201 (${created.id})`);
  const trace = await fetch(
    `${base}/api/trace?${new URLSearchParams({ source: created.id, from: 'pod:shop/web-1', to: 'pod:shop/api-1', port: '8080' })}`,
  );
  if (trace.status !== 200) throw new Error(`trace answered ${trace.status}: ${await trace.text()}`);
  console.log(`trace of the upload → 200 (${(await trace.json()).verdict})`);
  const reach = await fetch(`${base}/api/reach?${new URLSearchParams({ source: created.id })}`);
  if (reach.status !== 200) throw new Error(`reach answered ${reach.status}: ${await reach.text()}`);
  await reach.arrayBuffer();
  console.log('reach of the upload → 200');
  const missing = output.find((l) => /worker entry .* not found/.test(l));
  if (missing) throw new Error(`the server ran tasks inline: ${missing}`);
  server.removeAllListeners('exit');
  console.log('check-standalone: ok');
  done(0);
} catch (err) {
  server.removeAllListeners('exit');
  console.error(`check-standalone: ${err instanceof Error ? err.message : String(err)}`);
  done(1);
}
