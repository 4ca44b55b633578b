import { startSimulator, type StartSimulatorOptions } from './index';

const USAGE = 'Usage: npm run sim -- [--port N] [--seed small|large|FILE] [--seed-number N] [--json]';

interface CliOptions {
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

async function main(): Promise<void> {
  let options: CliOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
    return;
  }
  const sim = await startSimulator({ port: options.port, seed: options.seed, seedNumber: options.seedNumber });
  const { clientCredentials, pkceClient, codeClient, users } = sim.demo;
  // The demo org's credentials are printed on purpose: they only open this loopback simulator.
  const line = options.json
    ? JSON.stringify({
        url: sim.url,
        clientCredentials,
        pkceClient: { clientId: pkceClient.clientId, redirectUri: pkceClient.redirectUriRule },
        codeClient,
        users,
      })
    : `Genesys Cloud simulator at ${sim.url} | client credentials ${clientCredentials.clientId} / ${clientCredentials.clientSecret} | PKCE client ${pkceClient.clientId} (redirect ${pkceClient.redirectUriRule}) | ${users} users`;
  process.stdout.write(`${line}\n`);
  const shutdown = (): void => {
    void sim.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`Simulator failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
