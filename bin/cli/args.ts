// Argument parsing on node:util's parseArgs, strict: unknown flags are usage errors,
// never ignored. Each command declares its options once; the short aliases follow
// kubectl (`-o` output format, `-n` namespace), as shared/contracts/cli.md's second
// edition specifies.

import { parseArgs as parseNodeArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {
  override name = 'UsageError';
}

/** `true`: takes a value; `false`: a switch; `'list'`: takes a value and may repeat. */
export type OptionKind = boolean | 'list';

export interface ParsedArgs {
  readonly positionals: string[];
  /** The last value of each value option, `true` for a switch that was given. */
  readonly flags: Map<string, string | true>;
  /** Every value of each repeatable (`'list'`) option, in order. */
  readonly lists: Map<string, string[]>;
}

export interface ParseOptions {
  /** One-letter aliases: `{ o: 'format', n: 'namespace' }`. */
  readonly short?: Readonly<Record<string, string>>;
}

/** node:util's messages name the flag already; keep them, minus its error-code prefix. */
function usageMessage(error: Error & { code?: string }): string {
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const flag = /'([^']+)'/.exec(error.message)?.[1];
    return flag ? `unknown option ${flag}` : error.message;
  }
  return error.message.replace(/\. To specify an option argument starting with a dash use .*$/, '');
}

/**
 * Parses `argv` against the allowed options. Accepts `--flag value`, `--flag=value`,
 * the short aliases given, and `--` before positionals that start with a dash.
 */
export function parseArgs(
  argv: readonly string[],
  spec: Readonly<Record<string, OptionKind>>,
  options: ParseOptions = {},
): ParsedArgs {
  const shortOf = new Map(Object.entries(options.short ?? {}).map(([letter, name]) => [name, letter]));
  const config: NonNullable<ParseArgsConfig['options']> = {};
  for (const [name, kind] of Object.entries(spec)) {
    const short = shortOf.get(name);
    config[name] = {
      type: kind === false ? 'boolean' : 'string',
      ...(kind === 'list' ? { multiple: true } : {}),
      ...(short ? { short } : {}),
    };
  }
  let parsed: ReturnType<typeof parseNodeArgs>;
  try {
    parsed = parseNodeArgs({ args: [...argv], options: config, strict: true, allowPositionals: true });
  } catch (error) {
    if (error instanceof Error && typeof (error as { code?: unknown }).code === 'string')
      throw new UsageError(usageMessage(error));
    throw error;
  }
  const flags = new Map<string, string | true>();
  const lists = new Map<string, string[]>();
  for (const [name, value] of Object.entries(parsed.values)) {
    if (value === undefined || value === false) continue;
    if (Array.isArray(value)) {
      lists.set(name, value.map(String));
      if (value.length > 0) flags.set(name, String(value[value.length - 1]));
    } else {
      flags.set(name, value === true ? true : String(value));
    }
  }
  return { positionals: parsed.positionals, flags, lists };
}

/** The value of a flag restricted to `choices`, or `fallback` when absent. */
export function choice<T extends string>(
  args: ParsedArgs,
  name: string,
  choices: readonly T[],
  fallback: T,
): T {
  const value = args.flags.get(name);
  if (value === undefined) return fallback;
  if (value === true || !choices.includes(value as T)) {
    throw new UsageError(`--${name} must be one of ${choices.join(', ')}`);
  }
  return value as T;
}

/** An integer flag in [min, max], or undefined when absent. */
export function integer(args: ParsedArgs, name: string, min: number, max: number): number | undefined {
  const value = args.flags.get(name);
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value === true || !/^\d+$/.test(value) || !Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}`);
  }
  return n;
}

/** A value flag's string, or undefined when absent. */
export function text(args: ParsedArgs, name: string): string | undefined {
  const value = args.flags.get(name);
  if (value === true) throw new UsageError(`--${name} needs a value`);
  return value;
}
