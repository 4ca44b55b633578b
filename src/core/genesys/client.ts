/**
 * The edge to the Genesys SDK. The SDK (several MB of generated code) is imported only when a
 * session starts, never at app start-up. Each session gets its own ApiClient — the SDK's default
 * export holds a singleton, which would make two connections share one token and one gateway.
 */
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Sdk from 'purecloud-platform-client-v2';
import { AppError } from '../../shared/result';
import { CUSTOM_REGION_ID, findRegion } from '../../shared/regions';
import { fromHttpFailure, fromTransportFailure } from './errors';

const importSdk = () => import('purecloud-platform-client-v2').then((module) => module.default);
export type PlatformClient = Awaited<ReturnType<typeof importSdk>>;
export type ApiClient = Sdk.ApiClientClass;

/** SDK classes bound to one session's own ApiClient. */
export interface GenesysApis {
  users: Sdk.UsersApi;
  conversations: Sdk.ConversationsApi;
  presence: Sdk.PresenceApi;
  notifications: Sdk.NotificationsApi;
  routing: Sdk.RoutingApi;
  groups: Sdk.GroupsApi;
  tokens: Sdk.TokensApi;
  stations: Sdk.StationsApi;
  organization: Sdk.OrganizationApi;
}

export type GenesysEndpoint =
  | { kind: 'region'; regionId: string; host: string }
  | { kind: 'custom'; protocol: 'http' | 'https'; host: string; port: number; origin: string };

let sdk: Promise<PlatformClient> | null = null;

/** The SDK module, imported on first use and kept. */
export function loadSdk(): Promise<PlatformClient> {
  sdk ??= importSdk().catch((error: unknown) => {
    sdk = null;
    throw error;
  });
  return sdk;
}

/** For start-up measurements and tests: whether anything has asked for the SDK yet. */
export function isSdkRequested(): boolean {
  return sdk !== null;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Where a connection's requests go: a Genesys region, or a custom host (the demo org, a test
 * simulator, a corporate gateway). Plain http is allowed only to this machine.
 */
export function resolveEndpoint(regionId: string, customHost?: string): GenesysEndpoint {
  if (regionId !== CUSTOM_REGION_ID) {
    const region = findRegion(regionId);
    if (!region) throw new AppError('invalidRegion', `"${regionId}" is not a Genesys Cloud region. Pick one from the list.`, [{ path: 'region', message: 'Unknown region' }]);
    return { kind: 'region', regionId: region.id, host: region.host };
  }
  const text = customHost?.trim() ?? '';
  const problem = (message: string): AppError => new AppError('invalidHost', message, [{ path: 'customHost', message }]);
  if (!text) throw problem('Enter the custom host, for example https://gateway.example.com or http://127.0.0.1:4010.');
  let url: URL;
  try {
    url = new URL(/^[a-z]+:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    throw problem(`"${text}" is not a host name or URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw problem('The custom host must start with https:// (or http:// for this machine).');
  if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname)) throw problem('Plain http is only allowed to this machine (127.0.0.1); use https:// for other hosts.');
  if (url.username || url.password || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw problem('Enter only the scheme, host and port of the custom host, without a path or credentials.');
  }
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  const port = url.port ? Number(url.port) : -1;
  return { kind: 'custom', protocol, host: url.hostname, port, origin: url.origin };
}

export interface SdkClientOptions {
  timeoutMs?: number;
  now(): number;
}

export interface SdkClient {
  client: ApiClient;
  apis: GenesysApis;
  /** e.g. https://login.mypurecloud.com or http://127.0.0.1:4010 */
  loginBaseUrl: string;
}

// A config path that never exists: the SDK reads ~/.genesyscloudjavascript/config at construction and
// again on setConfigPath, and a file without [gateway] would clear the gateway set here.
const missingConfigPath = join(tmpdir(), `softphone-companion-${randomUUID()}`, 'absent', 'genesys-config');

export async function createSdkClient(endpoint: GenesysEndpoint, options: SdkClientOptions): Promise<SdkClient> {
  const platformClient = await loadSdk();
  const ApiClientClass = platformClient.ApiClient.constructor as new () => ApiClient;
  const client = new ApiClientClass();

  client.config.setConfigPath(missingConfigPath);
  client.config.live_reload_config = false;
  // A developer's config file may have turned on SDK logging, which writes request headers (tokens).
  const sdkLogger = client.config.logger;
  sdkLogger.log_level = 'none';
  sdkLogger.log_to_console = false;
  sdkLogger.log_file_path = '';
  sdkLogger.setLogger();

  if (endpoint.kind === 'region') {
    client.config.gateway = undefined;
    client.setEnvironment(endpoint.host);
  } else {
    client.setGateway({ host: endpoint.host, protocol: endpoint.protocol, port: endpoint.port });
  }

  // `timeout` is a plain field of the SDK's ApiClient that index.d.ts leaves out; the SDK passes it to every request.
  const timeoutMs = options.timeoutMs ?? 16_000;
  (client as unknown as { timeout: number }).timeout = timeoutMs;
  client.setHttpClient(createNormalisingHttpClient(platformClient, timeoutMs, options.now));

  const apis: GenesysApis = {
    users: new platformClient.UsersApi(client),
    conversations: new platformClient.ConversationsApi(client),
    presence: new platformClient.PresenceApi(client),
    notifications: new platformClient.NotificationsApi(client),
    routing: new platformClient.RoutingApi(client),
    groups: new platformClient.GroupsApi(client),
    tokens: new platformClient.TokensApi(client),
    stations: new platformClient.StationsApi(client),
    organization: new platformClient.OrganizationApi(client),
  };
  return { client, apis, loginBaseUrl: client.config.getConfUrl('login', client.config.authUrl) };
}

interface AxiosLikeError {
  code?: unknown;
  message?: unknown;
  response?: { status?: unknown; headers?: unknown; data?: unknown };
}

/**
 * The SDK's own HTTP client, with failures turned into GenesysRequestError where status and
 * response headers (Retry-After, ININ-Correlation-ID) are still known. The SDK passes an error
 * without `response` through unchanged, so callers — and any log — never see the axios error,
 * whose config holds the Authorization header.
 */
function createNormalisingHttpClient(platformClient: PlatformClient, timeoutMs: number, now: () => number): Sdk.AbstractHttpClient {
  const inner = new platformClient.DefaultHttpClient(timeoutMs);
  class NormalisingHttpClient extends platformClient.AbstractHttpClient {
    override request(options: Sdk.HttpRequestOptions): Promise<unknown> {
      return (inner.request(options) as Promise<unknown>).catch((raw: unknown) => {
        const error = (raw ?? {}) as AxiosLikeError;
        const response = error.response;
        if (response && typeof response.status === 'number') {
          const headers = response.headers && typeof response.headers === 'object' ? { ...(response.headers as Record<string, unknown>) } : {};
          throw fromHttpFailure({ status: response.status, headers, body: response.data }, now());
        }
        throw fromTransportFailure(typeof error.code === 'string' ? error.code : undefined, typeof error.message === 'string' ? error.message : '');
      });
    }
    /** setPreHook/setPostHook store the hook on this object and call enableHooks: hand them to the real client. */
    override enableHooks(): void {
      const hooks = this as unknown as { preHook?: (config: unknown) => Promise<unknown>; postHook?: (response: unknown) => Promise<unknown> };
      if (hooks.preHook) inner.setPreHook(hooks.preHook);
      if (hooks.postHook) inner.setPostHook(hooks.postHook);
    }
  }
  inner.timeout = timeoutMs;
  return new NormalisingHttpClient();
}
