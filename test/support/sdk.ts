import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import platformClient from 'purecloud-platform-client-v2';

export type SdkClient = typeof platformClient.ApiClient;

/** Enough of the simulator handle for logging in, so helpers work with the CLI's JSON line too. */
export interface SimCredentials {
  demo: { clientCredentials: { clientId: string; clientSecret: string } };
}

/** One config path that never exists: the SDK reads (and watches) it instead of ~/.genesyscloudjavascript/config. */
const missingConfigPath = join(mkdtempSync(join(tmpdir(), 'sdk-config-')), 'absent', 'config');

/**
 * An ApiClient of its own (not the SDK's singleton) pointed at the simulator. The config path is
 * moved first because loading a config file without a [gateway] section clears the gateway.
 */
export function createSdkClient(simUrl: string): SdkClient {
  const url = new URL(simUrl);
  const ApiClientClass = platformClient.ApiClient.constructor as new () => SdkClient;
  const client = new ApiClientClass();
  // Stop watching the home config file first (one watcher per client piles up), then point at nothing.
  client.config.live_reload_config = false;
  client.config.setConfigPath(missingConfigPath);
  client.setGateway({ host: url.hostname, protocol: url.protocol.replace(':', ''), port: Number(url.port) });
  return client;
}

export async function loginClientCredentials(client: SdkClient, sim: SimCredentials): Promise<string> {
  const auth = await client.loginClientCredentialsGrant(sim.demo.clientCredentials.clientId, sim.demo.clientCredentials.clientSecret);
  return auth.accessToken;
}

/** The API classes bound to one client. */
export function sdkApis(client: SdkClient) {
  return {
    users: new platformClient.UsersApi(client),
    presence: new platformClient.PresenceApi(client),
    routing: new platformClient.RoutingApi(client),
    groups: new platformClient.GroupsApi(client),
    stations: new platformClient.StationsApi(client),
    tokens: new platformClient.TokensApi(client),
    search: new platformClient.SearchApi(client),
    conversations: new platformClient.ConversationsApi(client),
    notifications: new platformClient.NotificationsApi(client),
  };
}

export type SdkApis = ReturnType<typeof sdkApis>;
