/** Tunables of the simulated org. Defaults follow the fact sheet; UNCONFIRMED ones are listed in README.md. */
export interface SimConfig {
  /** Access-token lifetime (the OAuth client's accessTokenValiditySeconds; Genesys default 24 h). */
  tokenLifetimeSeconds: number;
  /** How long an authorization code can be exchanged (UNCONFIRMED, default 60 s). */
  authCodeLifetimeSeconds: number;
  /** Per-token request budget (platform.api client.credentials.token.rate.per.minute = 300). */
  requestsPerMinute: number;
  heartbeatMs: number;
  channelTtlMs: number;
  maxChannels: number;
  maxTopicsPerChannel: number;
  /** platform.api request.bytes.max. */
  maxBodyBytes: number;
  /** Extra real-time delay before every Genesys-facing answer. */
  latencyMs: number;
  /** Share (0..1) of authenticated API requests answered 503 service.unavailable. */
  failureRate: number;
  /** Serve the /__sim/* control endpoints over HTTP. */
  httpControls: boolean;
}

export const defaultConfig: SimConfig = {
  tokenLifetimeSeconds: 86_400,
  authCodeLifetimeSeconds: 60,
  requestsPerMinute: 300,
  heartbeatMs: 30_000,
  channelTtlMs: 24 * 60 * 60 * 1000,
  maxChannels: 20,
  maxTopicsPerChannel: 1000,
  maxBodyBytes: 512_000,
  latencyMs: 0,
  failureRate: 0,
  httpControls: true,
};

export function resolveConfig(overrides: Partial<SimConfig> = {}): SimConfig {
  const config = { ...defaultConfig, ...overrides };
  const positive: Array<keyof SimConfig> = [
    'tokenLifetimeSeconds',
    'authCodeLifetimeSeconds',
    'requestsPerMinute',
    'heartbeatMs',
    'channelTtlMs',
    'maxChannels',
    'maxTopicsPerChannel',
    'maxBodyBytes',
  ];
  for (const key of positive) {
    const value = config[key];
    if (typeof value !== 'number' || !(value > 0)) throw new RangeError(`config.${key} must be a positive number, got ${String(value)}`);
  }
  assertLatency(config.latencyMs);
  assertFailureRate(config.failureRate);
  return config;
}

export function assertLatency(ms: number): void {
  if (typeof ms !== 'number' || !(ms >= 0) || !Number.isFinite(ms)) throw new RangeError(`latency must be a non-negative number of ms, got ${String(ms)}`);
}

export function assertFailureRate(share: number): void {
  if (typeof share !== 'number' || !(share >= 0 && share <= 1)) throw new RangeError(`failure rate must be a share between 0 and 1, got ${String(share)}`);
}
