import { createHash, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { AuthService, type DemoClients } from './auth';
import { createCallsModule, type CallControls } from './calls';
import { createRealClock } from './clock';
import { resolveConfig, type SimConfig } from './config';
import { createOrgControls, orgControlRoutes, type OrgControls } from './controls';
import { directoryRoutes } from './directory';
import type { RouteDef, SimClock } from './kernel';
import { Org } from './org';
import { createRandom, largeSeed, loadSeedFile, parseSeed, smallSeed, type SeedData, type SeedInput } from './seed';
import { createNotificationsModule, type NotificationControls } from './notifications';
import { createSimServer, type RequestLogEntry } from './server';
import { userRoutes } from './users';

export type { SimConfig } from './config';
export type { SeedData, SeedInput } from './seed';
export { createManualClock, createRealClock, createScaledClock, type ManualClock } from './clock';
export type { RequestLogEntry } from './server';

export interface StartSimulatorOptions {
  /** Default 0 (a free port); the server binds 127.0.0.1 only. */
  port?: number;
  /** Default 'small'. An object is checked like a seed file (fields with defaults may be left out). */
  seed?: 'small' | 'large' | { file: string } | SeedData | SeedInput;
  /** The same seed number always yields the same org (ids, names, presences). Default 1. */
  seedNumber?: number;
  /** Default: real time. */
  clock?: SimClock;
  config?: Partial<SimConfig>;
}

export type SimControls = OrgControls & CallControls & NotificationControls;

export interface SimHandle {
  url: string;
  port: number;
  demo: DemoClients & { users: number };
  control: SimControls;
  clock: SimClock;
  requestLog: ReadonlyArray<RequestLogEntry>;
  stop(): Promise<void>;
}

async function resolveSeed(seed: StartSimulatorOptions['seed'], seedNumber: number): Promise<SeedData> {
  if (seed === undefined || seed === 'small') return smallSeed(seedNumber);
  if (seed === 'large') return largeSeed(seedNumber);
  if ('file' in seed) return loadSeedFile(seed.file);
  return parseSeed(seed, 'seed option');
}

/** Deterministic demo credentials per seed number, so a restarted `npm run sim` keeps working with saved settings. */
function demoIds(seedNumber: number): { clientId(name: string): string; secret(name: string): string } {
  const digest = (label: string): string => createHash('sha256').update(`genesys-sim:${seedNumber}:${label}`).digest('hex');
  return {
    clientId: (name) => {
      const hex = digest(`client:${name}`);
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
    },
    secret: (name) => Buffer.from(digest(`secret:${name}`), 'hex').toString('base64url'),
  };
}

export async function startSimulator(options: StartSimulatorOptions = {}): Promise<SimHandle> {
  const seedNumber = options.seedNumber ?? 1;
  const clock = options.clock ?? createRealClock();
  const config = resolveConfig(options.config);
  const seed = await resolveSeed(options.seed, seedNumber);

  let port = 0;
  // The org publishes on the notifications bus, and the notifications module asks the org which
  // users exist; the callbacks only run once both are built.
  const notifications = createNotificationsModule({
    clock,
    wsBaseUrl: () => `ws://127.0.0.1:${port}`,
    config,
    userExists: (userId) => org.findUser(userId) !== undefined,
  });
  const bus = notifications.bus;
  const org = new Org(seed, clock, bus);
  const auth = new AuthService(clock, config, org, demoIds(seedNumber));
  const calls = createCallsModule({
    clock,
    bus,
    ids: randomUUID,
    directory: {
      findUser(id) {
        const user = org.findUser(id);
        return user && { id: user.id, name: user.name, stationId: user.stationId ?? undefined, answerMode: user.answerMode };
      },
    },
  });

  const requestLog: RequestLogEntry[] = [];
  const orgControls = createOrgControls({ org, config, expireTokens: () => auth.expireAll(), restart: () => restartService() });
  const routes: RouteDef[] = [
    ...auth.routes(),
    ...userRoutes(org),
    ...directoryRoutes(org),
    ...calls.routes,
    ...notifications.routes,
    // Over HTTP the log leaves out tokens: a short fingerprint is enough to tell callers apart.
    ...orgControlRoutes(orgControls, () => requestLog.map(({ token, ...entry }) => ({ ...entry, ...(token ? { tokenId: fingerprint(token) } : {}) }))),
  ];

  const { server, budget } = createSimServer({
    clock,
    config,
    routes,
    requestLog,
    lookupToken: (token) => auth.lookupToken(token),
    random: createRandom(seedNumber ^ 0x5eed),
    handleUpgrade: (req, socket, head) => notifications.handleUpgrade(req, socket, head),
  });
  function restartService(): void {
    notifications.controls.dropSockets();
    budget.reset();
    server.closeIdleConnections();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  let stopped: Promise<void> | undefined;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    demo: { ...auth.demo, users: org.users.size },
    control: { ...orgControls, ...calls.controls, ...notifications.controls },
    clock,
    requestLog,
    stop() {
      stopped ??= (async () => {
        calls.close();
        await notifications.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      })();
      return stopped;
    },
  };
}

function fingerprint(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 12);
}
