// Structured logs: one JSON object per line on stdout (pino), so a log collector reads
// them without parsing prose. PACKETPATH_LOG_LEVEL sets the level (default info).

import { pino, type DestinationStream, type Logger } from 'pino';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const isLevel = (value: string): value is LogLevel => (LOG_LEVELS as readonly string[]).includes(value);

/** The configured level, or an error naming the variable and the levels it accepts. */
export function logLevelFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): LogLevel {
  const raw = env.PACKETPATH_LOG_LEVEL?.trim().toLowerCase();
  if (!raw) return 'info';
  if (!isLevel(raw))
    throw new Error(
      `PACKETPATH_LOG_LEVEL: "${env.PACKETPATH_LOG_LEVEL}" is not one of ${LOG_LEVELS.join(', ')}`,
    );
  return raw;
}

/** A logger writing JSON lines to `destination` (stdout by default). */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'packetpath' },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Level names ("info"), not numbers, are what people grep and alert on.
    formatters: { level: (label: string) => ({ level: label }) },
  };
  return destination ? pino(options, destination) : pino(options);
}

function processLogger(): Logger {
  try {
    return createLogger(logLevelFromEnv());
  } catch (err) {
    // A bad level must not take the server down: log at info and say why, once.
    const logger = createLogger('info');
    logger.warn({ err }, 'log level setting ignored');
    return logger;
  }
}

// On globalThis: Next may evaluate this module once per route bundle; one logger per process.
// Made on first use, so a program (the CLI) can choose where its logs go before any is written.
const KEY = Symbol.for('packetpath.log');
const holder = globalThis as { [KEY]?: Logger };
const current = (): Logger => (holder[KEY] ??= processLogger());

/** Replaces the process's logger: the CLI sends its logs to stderr, keeping stdout for its output. */
export function setProcessLogger(logger: Logger): void {
  holder[KEY] = logger;
}

/** The process's logger (JSON lines on stdout unless a program chose otherwise). */
export const log: Logger = new Proxy({} as Logger, {
  get(_target, key) {
    const logger = current();
    const value: unknown = Reflect.get(logger, key);
    return typeof value === 'function' ? value.bind(logger) : value;
  },
});
