// A small, strict argument parser: unknown flags are usage errors, never ignored.

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface ParsedArgs {
  readonly positionals: string[];
  readonly flags: Map<string, string | true>;
}

/**
 * Parses `argv` against the allowed flags. `spec` maps a flag name (without `--`)
 * to whether it takes a value. Accepts `--flag value` and `--flag=value`; `-o` is an
 * alias of `--output`.
 */
export function parseArgs(argv: readonly string[], spec: Readonly<Record<string, boolean>>): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    let name = arg.replace(/^--?/, '');
    let value: string | undefined;
    const eq = name.indexOf('=');
    if (eq >= 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    if (name === 'o') name = 'output';
    if (!(name in spec)) throw new UsageError(`unknown option --${name}`);
    if (spec[name]) {
      if (value === undefined) {
        value = argv[++i];
        if (value === undefined) throw new UsageError(`--${name} needs a value`);
      }
      flags.set(name, value);
    } else {
      if (value !== undefined) throw new UsageError(`--${name} takes no value`);
      flags.set(name, true);
    }
  }
  return { positionals, flags };
}

/** The value of a flag restricted to `choices`, or `fallback` when absent. */
export function choice<T extends string>(args: ParsedArgs, name: string, choices: readonly T[], fallback: T): T {
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
  if (value === true || !Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}`);
  }
  return n;
}
