import { startSimulator } from './index';
import { parseArgs, type CliOptions } from './cli-args';

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
