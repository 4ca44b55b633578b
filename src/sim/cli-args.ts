import type { StartSimulatorOptions } from './index';

export const USAGE = 'Usage: npm run sim -- [--port N] [--seed small|large|FILE] [--seed-number N] [--json]';

export interface CliOptions {
  port: number;
  seed: NonNullable<StartSimulatorOptions['seed']>;
  seedNumber: number;
  json: boolean;
}

export function parseArgs(argv: readonly string[]): CliOptions {
  const options: CliOptions = { port: 0, seed: 'small', seedNumber: 1, json: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined || next.startsWith('--')) throw new Error(`${arg} needs a value. ${USAGE}`);
      return next;
    };
    switch (arg) {
      case '--json':
        options.json = true;
        break;
      case '--port': {
        const raw = value();
        const port = Number(raw);
        if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--port must be an integer from 0 to 65535, got ${raw}`);
        options.port = port;
        break;
      }
      case '--seed': {
        const seed = value();
        options.seed = seed === 'small' || seed === 'large' ? seed : { file: seed };
        break;
      }
      case '--seed-number': {
        const raw = value();
        const n = Number(raw);
        if (!Number.isInteger(n) || n < 0) throw new Error(`--seed-number must be a non-negative integer, got ${raw}`);
        options.seedNumber = n;
        break;
      }
      case '--help':
      case '-h':
        throw new Error(USAGE);
      default:
        throw new Error(`Unknown argument ${String(arg)}. ${USAGE}`);
    }
  }
  return options;
}

