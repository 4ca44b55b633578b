/**
 * One logger interface for main and the core. Fields are redacted here, once, so no caller can
 * forget: the sink (electron-log in the app, electron-log's Node flavour in tests and the
 * bridge) only ever sees redacted text.
 */
import { redact, redactText } from './redact';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(scope: string): Logger;
}

export type LogSink = (level: LogLevel, line: string) => void;

const order: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export function createLogger(sink: LogSink, minLevel: LogLevel = 'info', scope = ''): Logger {
  const write = (level: LogLevel, message: string, fields?: LogFields): void => {
    if (order[level] < order[minLevel]) return;
    const prefix = scope ? `[${scope}] ` : '';
    const rest = fields === undefined ? '' : ` ${JSON.stringify(redact(fields))}`;
    sink(level, `${prefix}${redactText(message)}${rest}`);
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (child) => createLogger(sink, minLevel, scope ? `${scope}:${child}` : child),
  };
}

/** For tests: keeps every line so a test can prove a secret never reached the log. */
export function createMemoryLogger(minLevel: LogLevel = 'debug'): Logger & { lines: string[] } {
  const lines: string[] = [];
  return Object.assign(createLogger((level, line) => lines.push(`${level} ${line}`), minLevel), { lines });
}
