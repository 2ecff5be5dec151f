// A small fake Kubernetes API server for tests: it speaks the real wire protocol that
// @kubernetes/client-node uses — paged lists with resourceVersion and continue tokens,
// chunked watch streams of ADDED/MODIFIED/DELETED/BOOKMARK/ERROR lines, 410 Gone for a
// compacted resourceVersion, 403 Status for a forbidden resource, 404 for a CRD that
// is not installed — over HTTPS with a self-signed CA (or plain HTTP), with a bearer
// token. Tests change its state and its behaviour (down, up, drop watches) while the
// client runs against it.

import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import selfsigned from 'selfsigned';
import { stringify } from 'yaml';
import { WATCHED_KINDS } from '../../lib/ingest/live/kinds';

type Obj = {
  apiVersion: string;
  kind: string;
  metadata: Record<string, unknown> & { name: string; namespace?: string };
} & Record<string, unknown>;
type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

interface Collection {
  readonly group: string;
  readonly version: string;
  readonly plural: string;
  readonly kind: string;
  readonly namespaced: boolean;
}

interface Watcher {
  readonly res: http.ServerResponse;
  readonly coll: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly bookmarks: boolean;
}

export interface FakeApiServerOptions {
  readonly tls?: boolean;
  /** Bearer token required on every request (default: "test-token"). */
  readonly token?: string;
  /** CRD groups installed (group/version/plural collections served). Default: none. */
  readonly crds?: ReadonlyArray<{ kind: string; version?: string }>;
}

const BUILTIN_GROUPS = new Set(['', 'apps', 'batch', 'networking.k8s.io', 'discovery.k8s.io']);

function collKey(group: string, plural: string): string {
  return `${group}/${plural}`;
}

function status(code: number, reason: string, message: string): Record<string, unknown> {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

export class FakeApiServer {
  readonly token: string;
  /** Every request line received, e.g. `GET /api/v1/pods?limit=500`. */
  readonly requests: string[] = [];
  /** When each of `requests` arrived (Date.now()). */
  readonly requestTimes: number[] = [];
  ca = '';
  port = 0;
  private key = '';
  private readonly tls: boolean;
  private server: http.Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly served = new Map<string, Collection>(); // key: group/version/plural
  private readonly objects = new Map<string, Map<string, Obj>>(); // coll → ns/name → obj
  private readonly log: Array<{ rv: number; coll: string; type: EventType; obj: Obj }> = [];
  private readonly watchers = new Set<Watcher>();
  private readonly pages = new Map<string, { items: Obj[]; rv: number; offset: number }>();
  private readonly forbidden = new Set<string>(); // coll keys
  private rv = 100;
  private minRv = 0;
  /** Fault injection: answers of the next requests, and a delay before every answer. */
  private failing: { count: number; code: number; retryAfterSeconds?: number } = { count: 0, code: 500 };
  private delayMs = 0;

  constructor(options: FakeApiServerOptions = {}) {
    this.tls = options.tls ?? true;
    this.token = options.token ?? 'test-token';
    const crds = new Map((options.crds ?? []).map((c) => [c.kind, c.version] as const));
    for (const k of WATCHED_KINDS) {
      const builtin = BUILTIN_GROUPS.has(k.group);
      if (!builtin && !crds.has(k.kind)) continue;
      const version = (!builtin && crds.get(k.kind)) || k.versions[0]!;
      this.served.set(`${k.group}/${version}/${k.plural}`, {
        group: k.group,
        version,
        plural: k.plural,
        kind: k.kind,
        namespaced: k.namespaced,
      });
    }
  }

  get url(): string {
    return `${this.tls ? 'https' : 'http'}://127.0.0.1:${this.port}`;
  }

  get resourceVersion(): number {
    return this.rv;
  }

  /** Starts listening (on `port`, or the port used before, or a free one). */
  async listen(port = this.port): Promise<void> {
    if (this.tls && !this.ca) {
      const pems = await selfsigned.generate([{ name: 'commonName', value: 'fake-apiserver' }], {
        keyType: 'ec',
        curve: 'P-256',
        extensions: [
          { name: 'basicConstraints', cA: true },
          {
            name: 'subjectAltName',
            altNames: [
              { type: 2, value: 'localhost' },
              { type: 7, ip: '127.0.0.1' },
            ],
          },
        ],
      });
      this.ca = pems.cert;
      this.key = pems.private;
    }
    const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => this.handle(req, res);
    const server = this.tls
      ? https.createServer({ cert: this.ca, key: this.key }, handler)
      : http.createServer(handler);
    server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as { port: number }).port;
  }

  /** Goes down: stops listening and cuts every connection (watches end abruptly). */
  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.watchers.clear();
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Cuts every open watch connection without a final event (a proxy or network drop). */
  dropWatches(): void {
    for (const w of this.watchers) w.res.socket?.destroy();
    this.watchers.clear();
  }

  /**
   * The next `count` requests are answered `code` (500, 429, 503...) with a Status body and,
   * when given, `Retry-After: retryAfterSeconds`, as an overloaded API server answers
   * (API Priority and Fairness rejects with 429 and Retry-After).
   */
  failRequests(count: number, code: number, retryAfterSeconds?: number): void {
    this.failing = { count, code, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) };
  }

  /** Every answer (lists and the start of watches) waits `ms` first: a slow API server. */
  slow(ms: number): void {
    this.delayMs = ms;
  }

  /** Sends an ERROR event (a Status with `code`) on every watch, leaving the streams open. */
  errorWatches(code = 500): void {
    for (const w of this.watchers)
      this.write(w, { type: 'ERROR', object: status(code, 'InternalError', 'etcd leader changed') });
  }

  /** Open watch streams. */
  get watchCount(): number {
    return this.watchers.size;
  }

  /** Compacts history: older resourceVersions become too old (watches from them get 410). */
  compact(): void {
    this.minRv = this.rv;
    this.pages.clear();
    for (const w of this.watchers) {
      this.write(w, {
        type: 'ERROR',
        object: status(410, 'Expired', `too old resource version: (${this.rv})`),
      });
      w.res.end();
    }
    this.watchers.clear();
  }

  /** Sends a BOOKMARK with the current resourceVersion to watchers that asked for them. */
  bookmark(): void {
    for (const w of this.watchers) {
      if (!w.bookmarks) continue;
      const c = this.collection(w.coll);
      const apiVersion = c ? (c.group ? `${c.group}/${c.version}` : c.version) : 'v1';
      this.write(w, {
        type: 'BOOKMARK',
        object: { kind: c?.kind, apiVersion, metadata: { resourceVersion: String(this.rv) } },
      });
    }
  }

  /** Answers 403 for this kind (RBAC does not allow it). */
  forbid(kind: string, on = true): void {
    const k = WATCHED_KINDS.find((w) => w.kind === kind);
    if (!k) throw new Error(`unknown kind ${kind}`);
    if (on) this.forbidden.add(collKey(k.group, k.plural));
    else this.forbidden.delete(collKey(k.group, k.plural));
  }

  /** Creates or replaces an object (ADDED or MODIFIED event). */
  apply(
    input: {
      apiVersion: string;
      kind: string;
      metadata: { name: string; namespace?: string; [key: string]: unknown };
    } & Record<string, unknown>,
  ): Obj {
    const c = this.collectionForKind(input.kind);
    const coll = collKey(c.group, c.plural);
    const map = this.objects.get(coll) ?? new Map<string, Obj>();
    this.objects.set(coll, map);
    const id = `${input.metadata.namespace ?? ''}/${input.metadata.name}`;
    const existing = map.get(id);
    this.rv++;
    const obj = {
      ...input,
      metadata: {
        uid: (existing?.metadata.uid as string | undefined) ?? randomBytes(8).toString('hex'),
        creationTimestamp: '2026-01-01T00:00:00Z',
        ...input.metadata,
        resourceVersion: String(this.rv),
        managedFields: [{ manager: 'kubectl', operation: 'Apply' }],
      },
    } as Obj;
    map.set(id, obj);
    this.emit(coll, existing ? 'MODIFIED' : 'ADDED', obj);
    return obj;
  }

  delete(kind: string, namespace: string | undefined, name: string): void {
    const c = this.collectionForKind(kind);
    const coll = collKey(c.group, c.plural);
    const map = this.objects.get(coll);
    const id = `${namespace ?? ''}/${name}`;
    const obj = map?.get(id);
    if (!map || !obj) throw new Error(`no ${kind} ${id}`);
    map.delete(id);
    this.rv++;
    this.emit(coll, 'DELETED', { ...obj, metadata: { ...obj.metadata, resourceVersion: String(this.rv) } });
  }

  /** Current objects of a kind, as the server holds them. */
  list(kind: string): Obj[] {
    const c = this.collectionForKind(kind);
    return [...(this.objects.get(collKey(c.group, c.plural))?.values() ?? [])];
  }

  /** Writes a kubeconfig file for this server (CA data, bearer token) and returns its path. */
  writeKubeconfig(file: string, context = 'fake'): string {
    const cluster: Record<string, string | boolean> = { server: this.url };
    if (this.tls) cluster['certificate-authority-data'] = Buffer.from(this.ca).toString('base64');
    // The client library refuses plain HTTP unless TLS verification is explicitly off.
    else cluster['insecure-skip-tls-verify'] = true;
    writeFileSync(
      file,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: `${context}-cluster`, cluster }],
        users: [{ name: `${context}-user`, user: { token: this.token } }],
        contexts: [{ name: context, context: { cluster: `${context}-cluster`, user: `${context}-user` } }],
        'current-context': context,
      }),
    );
    return file;
  }

  // ---- protocol -----------------------------------------------------------------------

  private collection(coll: string): Collection | undefined {
    return [...this.served.values()].find((c) => collKey(c.group, c.plural) === coll);
  }

  private collectionForKind(kind: string): Collection {
    const k = WATCHED_KINDS.find((w) => w.kind === kind);
    if (!k) throw new Error(`the fake API server does not know kind ${kind}`);
    const served = [...this.served.values()].find((c) => c.kind === kind);
    return (
      served ?? { group: k.group, version: k.versions[0]!, plural: k.plural, kind, namespaced: k.namespaced }
    );
  }

  private emit(coll: string, type: EventType, obj: Obj): void {
    this.log.push({ rv: this.rv, coll, type, obj });
    for (const w of this.watchers) {
      if (w.coll === coll && this.matches(w, obj)) this.write(w, { type, object: obj });
    }
  }

  private matches(f: { namespace?: string; name?: string }, obj: Obj): boolean {
    return (
      (!f.namespace || obj.metadata.namespace === f.namespace) && (!f.name || obj.metadata.name === f.name)
    );
  }

  private write(w: Watcher, event: unknown): void {
    if (!w.res.writableEnded) w.res.write(`${JSON.stringify(event)}\n`);
  }

  private send(res: http.ServerResponse, code: number, body: unknown): void {
    res.writeHead(code, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://x');
    this.requests.push(`${req.method} ${url.pathname}${url.search}`);
    this.requestTimes.push(Date.now());
    if (this.delayMs > 0) {
      const ms = this.delayMs;
      setTimeout(() => this.answer(req, res), ms);
      return;
    }
    this.answer(req, res);
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.headers.authorization !== `Bearer ${this.token}`) {
      return this.send(res, 401, status(401, 'Unauthorized', 'Unauthorized'));
    }
    if (this.failing.count > 0) {
      this.failing.count--;
      const { code, retryAfterSeconds } = this.failing;
      res.writeHead(code, {
        'Content-Type': 'application/json',
        ...(retryAfterSeconds === undefined ? {} : { 'Retry-After': String(retryAfterSeconds) }),
      });
      res.end(JSON.stringify(status(code, code === 429 ? 'TooManyRequests' : 'InternalError', 'overloaded')));
      return;
    }
    if (req.method !== 'GET') return this.send(res, 405, status(405, 'MethodNotAllowed', 'read-only fake'));
    const parts = url.pathname.split('/').filter(Boolean);
    // /api/v1[/namespaces/NS]/PLURAL  or  /apis/GROUP/VERSION[/namespaces/NS]/PLURAL
    const [group, version, rest] =
      parts[0] === 'api'
        ? ['', parts[1], parts.slice(2)]
        : parts[0] === 'apis'
          ? [parts[1], parts[2], parts.slice(3)]
          : [undefined, undefined, []];
    let namespace: string | undefined;
    let plural: string | undefined;
    if (rest.length === 1) plural = rest[0];
    else if (rest.length === 3 && rest[0] === 'namespaces') [namespace, plural] = [rest[1], rest[2]];
    const c = group !== undefined && plural ? this.served.get(`${group}/${version}/${plural}`) : undefined;
    if (!c || (namespace && !c.namespaced)) {
      return this.send(res, 404, status(404, 'NotFound', 'the server could not find the requested resource'));
    }
    const coll = collKey(c.group, c.plural);
    if (this.forbidden.has(coll)) {
      const scope = namespace ? `in the namespace "${namespace}"` : 'at the cluster scope';
      return this.send(
        res,
        403,
        status(
          403,
          'Forbidden',
          `${c.plural}${c.group ? '.' + c.group : ''} is forbidden: User "system:serviceaccount:packetpath:packetpath" cannot list resource "${c.plural}" in API group "${c.group}" ${scope}`,
        ),
      );
    }
    const fieldSelector = url.searchParams.get('fieldSelector') ?? '';
    const name = /^metadata\.name=(.+)$/.exec(fieldSelector)?.[1];
    const filter = { namespace, name };
    const watch = url.searchParams.get('watch');
    if (watch === 'true' || watch === '1') return this.serveWatch(req, res, coll, filter, url.searchParams);
    return this.serveList(res, coll, filter, url.searchParams);
  }

  private serveList(
    res: http.ServerResponse,
    coll: string,
    filter: { namespace?: string; name?: string },
    q: URLSearchParams,
  ): void {
    const token = q.get('continue');
    const limit = Number(q.get('limit') ?? 0);
    let page: { items: Obj[]; rv: number; offset: number };
    if (token) {
      const p = this.pages.get(token);
      if (!p || p.rv < this.minRv) {
        return this.send(
          res,
          410,
          status(
            410,
            'Expired',
            'The provided continue parameter is too old to display a consistent list result.',
          ),
        );
      }
      page = p;
    } else {
      const items = [...(this.objects.get(coll)?.values() ?? [])]
        .filter((o) => this.matches(filter, o))
        .sort((a, b) =>
          `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(
            `${b.metadata.namespace}/${b.metadata.name}`,
          ),
        );
      page = { items, rv: this.rv, offset: 0 };
    }
    const end = limit > 0 ? page.offset + limit : page.items.length;
    const metadata: Record<string, unknown> = { resourceVersion: String(page.rv) };
    if (end < page.items.length) {
      const next = randomBytes(6).toString('hex');
      this.pages.set(next, { ...page, offset: end });
      metadata.continue = next;
      metadata.remainingItemCount = page.items.length - end;
    }
    // Like the real server, list items carry no apiVersion/kind.
    const items = page.items.slice(page.offset, end).map(({ apiVersion: _a, kind: _k, ...rest }) => rest);
    this.send(res, 200, { kind: 'List', apiVersion: 'v1', metadata, items });
  }

  private serveWatch(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    coll: string,
    filter: { namespace?: string; name?: string },
    q: URLSearchParams,
  ): void {
    const from = q.get('resourceVersion') ?? '';
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
    res.flushHeaders(); // as the real server: the client sees the watch open before any event
    const w: Watcher = { res, coll, ...filter, bookmarks: q.get('allowWatchBookmarks') === 'true' };
    const rv = Number(from);
    if (from && from !== '0' && rv < this.minRv) {
      this.write(w, {
        type: 'ERROR',
        object: status(410, 'Expired', `too old resource version: ${rv} (${this.minRv})`),
      });
      res.end();
      return;
    }
    if (!from || from === '0') {
      for (const o of this.objects.get(coll)?.values() ?? [])
        if (this.matches(filter, o)) this.write(w, { type: 'ADDED', object: o });
    } else {
      for (const e of this.log)
        if (e.rv > rv && e.coll === coll && this.matches(filter, e.obj))
          this.write(w, { type: e.type, object: e.obj });
    }
    this.watchers.add(w);
    const timeout = Number(q.get('timeoutSeconds') ?? 0);
    const timer = timeout > 0 ? setTimeout(() => res.end(), timeout * 1000) : undefined;
    const done = (): void => {
      if (timer) clearTimeout(timer);
      this.watchers.delete(w);
    };
    req.on('close', done);
    res.on('close', done);
  }
}
