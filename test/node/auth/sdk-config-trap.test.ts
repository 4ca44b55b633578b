/**
 * The SDK reads ~/.genesyscloudjavascript/config when an ApiClient is built. A developer's file
 * there can set a gateway (sending our requests elsewhere) or turn on SDK logging (which writes
 * request headers, tokens included). Our clients must ignore it.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSdkClient, resolveEndpoint } from '../../../src/core/genesys/client';
import { startSimulator, type SimHandle } from '../../../src/sim';

let home: string;
let sim: SimHandle;
const originalHome = process.env.HOME;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'sdk-home-'));
  await mkdir(join(home, '.genesyscloudjavascript'));
  await writeFile(
    join(home, '.genesyscloudjavascript', 'config'),
    '[gateway]\nhost=10.255.255.1\nprotocol=http\nport=9\n\n[logging]\nlog_level=trace\nlog_to_console=true\n',
  );
  process.env.HOME = home;
  sim = await startSimulator();
});

afterAll(async () => {
  process.env.HOME = originalHome;
  await sim.stop();
  await rm(home, { recursive: true, force: true });
});

describe('SDK config-file trap', () => {
  it('keeps a region connection on the region, whatever the home config says', async () => {
    const { client, loginBaseUrl } = await createSdkClient(resolveEndpoint('eu_west_1'), { now: Date.now });
    expect(loginBaseUrl).toBe('https://login.mypurecloud.ie');
    expect(client.config.gateway).toBeUndefined();
  });

  it('keeps the custom host and turns the SDK logging off while signing in', async () => {
    const { client, apis, loginBaseUrl } = await createSdkClient(resolveEndpoint('custom', sim.url), { now: Date.now });
    expect(loginBaseUrl).toBe(sim.url);
    await client.loginClientCredentialsGrant(sim.demo.clientCredentials.clientId, sim.demo.clientCredentials.clientSecret);
    const info = await apis.tokens.getTokensMe();
    expect(info.organization?.name).toBeTruthy();
    // The SDK's Node logger writes only through its winston transports (logger.js `log`): none means nothing is written.
    const sdkLogger = client.config.logger as unknown as { log_level: string; logger: { transports: unknown[] } };
    expect(sdkLogger.log_level).toBe('none');
    expect(sdkLogger.logger.transports).toHaveLength(0);
  });
});
