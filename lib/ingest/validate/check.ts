// Field checkers for shape validation. Each takes the value found at a field path,
// records a problem when its shape is wrong, and returns the value typed (or
// undefined when absent or wrong). `null` counts as absent, as it does for the API
// server (`podSelector:` with nothing after it).
//
// Hand-written instead of a schema library: validation runs on every object of a
// 5,000-pod dump, and these checks cost a few property reads each.

export interface Issue {
  readonly code: 'INVALID_FIELD' | 'MISSING_FIELD';
  readonly field: string;
  readonly reason: string;
  /** A problem the input survives (reported as an ASSUMPTION warning, not an error). */
  readonly warning?: true;
}

export type Issues = Issue[];
export type Json = Record<string, unknown>;

/** `at('spec', 'ports')` → `spec.ports`; `at('spec.ports', 0)` → `spec.ports[0]`. */
export function at(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (!/^[A-Za-z_$][\w$-]*$/.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path ? `${path}.${key}` : key;
}

/** "a list", "a string", ... for "expected X, got Y" reasons. */
export function describeType(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  switch (typeof v) {
    case 'string':
      return `a string (${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)})`;
    case 'number':
      return `a number (${v})`;
    case 'boolean':
      return `a boolean (${v})`;
    case 'object':
      return 'a map';
    default:
      return typeof v;
  }
}

export function isMap(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function wrongType(iss: Issues, path: string, expected: string, v: unknown): undefined {
  iss.push({ code: 'INVALID_FIELD', field: path, reason: `expected ${expected}, got ${describeType(v)}` });
  return undefined;
}

export function invalid(iss: Issues, path: string, reason: string): undefined {
  iss.push({ code: 'INVALID_FIELD', field: path, reason });
  return undefined;
}

export function missing(iss: Issues, path: string, what = 'required field is missing'): undefined {
  iss.push({ code: 'MISSING_FIELD', field: path, reason: what });
  return undefined;
}

export function optMap(iss: Issues, v: unknown, path: string): Json | undefined {
  if (v === undefined || v === null) return undefined;
  return isMap(v) ? v : wrongType(iss, path, 'a map', v);
}

export function optList(iss: Issues, v: unknown, path: string): unknown[] | undefined {
  if (v === undefined || v === null) return undefined;
  return Array.isArray(v) ? v : wrongType(iss, path, 'a list', v);
}

/** Calls `each` for every element of an optional list, with the element's path. */
export function eachOf(
  iss: Issues,
  v: unknown,
  path: string,
  each: (item: unknown, path: string) => void,
): void {
  const list = optList(iss, v, path);
  if (list) for (let i = 0; i < list.length; i++) each(list[i], `${path}[${i}]`);
}

/** Like `eachOf`, for lists of maps. */
export function eachMap(
  iss: Issues,
  v: unknown,
  path: string,
  each: (item: Json, path: string) => void,
): void {
  eachOf(iss, v, path, (item, p) => {
    const m = optMap(iss, item, p);
    if (m) each(m, p);
    else if (item === null || item === undefined) wrongType(iss, p, 'a map', item);
  });
}

export function optString(iss: Issues, v: unknown, path: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string' ? v : wrongType(iss, path, 'a string', v);
}

export function reqString(iss: Issues, v: unknown, path: string): string | undefined {
  if (v === undefined || v === null || v === '') return missing(iss, path);
  return optString(iss, v, path);
}

export function optBool(iss: Issues, v: unknown, path: string): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  return typeof v === 'boolean' ? v : wrongType(iss, path, 'true or false', v);
}

export function optInt(
  iss: Issues,
  v: unknown,
  path: string,
  min = -Infinity,
  max = Infinity,
): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) return wrongType(iss, path, 'an integer', v);
  if (v < min || v > max) return invalid(iss, path, `${v} is out of range (${min}-${max})`);
  return v;
}

export function optPort(iss: Issues, v: unknown, path: string): number | undefined {
  return optInt(iss, v, path, 1, 65535);
}

export function optEnum<T extends string>(
  iss: Issues,
  v: unknown,
  path: string,
  allowed: readonly T[],
): T | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
  if (typeof v !== 'string') return wrongType(iss, path, `one of ${allowed.join(', ')}`, v);
  return invalid(iss, path, `"${v}" is not one of ${allowed.join(', ')}`);
}

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;
export function optProtocol(iss: Issues, v: unknown, path: string): 'TCP' | 'UDP' | 'SCTP' | undefined {
  return optEnum(iss, v, path, PROTOCOLS);
}

/** A port number (1-65535) or a port name (IANA service name: 1-15 chars, letters/digits/-). */
export function optPortOrName(iss: Issues, v: unknown, path: string): number | string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') return optPort(iss, v, path);
  if (typeof v === 'string') {
    // Manifests sometimes quote numbers ("8080"); the API server reads those as names,
    // which never match a container port, so say so instead of guessing.
    if (/^\d+$/.test(v))
      return invalid(iss, path, `"${v}" is a quoted number; write the port as a number or use a port name`);
    if (!/^[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/i.test(v))
      return invalid(iss, path, `"${v}" is not a valid port name`);
    return v;
  }
  return wrongType(iss, path, 'a port number or name', v);
}

export function optStringMap(iss: Issues, v: unknown, path: string): Record<string, string> | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isMap(v)) return wrongType(iss, path, 'a map of string to string', v);
  for (const key in v) {
    const value = v[key];
    if (typeof value !== 'string' && value !== null) wrongType(iss, at(path, key), 'a string', value);
  }
  return v as Record<string, string>;
}

export function optStringList(iss: Issues, v: unknown, path: string): string[] | undefined {
  const list = optList(iss, v, path);
  if (!list) return undefined;
  for (let i = 0; i < list.length; i++)
    if (typeof list[i] !== 'string') wrongType(iss, `${path}[${i}]`, 'a string', list[i]);
  return list as string[];
}

/**
 * The value of `key`, or of a key that differs only in case: Go's JSON decoder
 * (kubectl, client-go, netpol-analyzer) matches field names case-insensitively,
 * so `containerport: 80` works there. Such a near match is reported as a warning.
 */
export function fieldOf(iss: Issues, obj: Json, key: string, path: string): unknown {
  if (obj[key] !== undefined) return obj[key];
  const lower = key.toLowerCase();
  for (const k in obj) {
    if (k.toLowerCase() === lower) {
      iss.push({
        code: 'INVALID_FIELD',
        field: at(path, k),
        reason: `read as "${key}" (field names are case-sensitive)`,
        warning: true,
      });
      return obj[k];
    }
  }
  return undefined;
}
