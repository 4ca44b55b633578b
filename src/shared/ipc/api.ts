/**
 * Builds the `window.softphone` object from the contract over any transport: Electron IPC in
 * the preload, a loopback WebSocket in the web bridge's shim. One builder, so both expose
 * exactly the same verbs and nothing generic.
 */
import type { Result } from '../result';
import {
  eventChannels,
  requestChannels,
  type EventChannel,
  type EventPayload,
  type RequestArgs,
  type RequestChannel,
  type RequestResult,
} from './contract';

type DomainOf<C extends string> = C extends `${infer D}:${string}` ? D : never;
type VerbOf<C extends string> = C extends `${string}:${infer V}` ? V : never;
type Domain = DomainOf<RequestChannel> | DomainOf<EventChannel>;

export type SoftphoneApi = {
  readonly [D in Domain]: {
    readonly [C in RequestChannel as DomainOf<C> extends D ? VerbOf<C> : never]: (
      args: RequestArgs<C>,
    ) => Promise<Result<RequestResult<C>>>;
  } & {
    readonly [C in EventChannel as DomainOf<C> extends D ? `on${Capitalize<VerbOf<C>>}` : never]: (
      listener: (payload: EventPayload<C>) => void,
    ) => () => void;
  };
};

export interface ContractTransport {
  invoke(channel: RequestChannel, args: unknown): Promise<Result<unknown>>;
  subscribe(channel: EventChannel, listener: (payload: unknown) => void): () => void;
}

export function buildSoftphoneApi(transport: ContractTransport): SoftphoneApi {
  const domains: Record<string, Record<string, unknown>> = {};
  const domainOf = (channel: string): Record<string, unknown> => {
    const [domain] = channel.split(':') as [string];
    return (domains[domain] ??= {});
  };
  for (const channel of requestChannels) {
    const verb = channel.split(':')[1] as string;
    domainOf(channel)[verb] = (args: unknown) => transport.invoke(channel, args ?? {});
  }
  for (const channel of eventChannels) {
    const noun = channel.split(':')[1] as string;
    domainOf(channel)[`on${noun[0]?.toUpperCase()}${noun.slice(1)}`] = (listener: (payload: unknown) => void) => {
      if (typeof listener !== 'function') throw new TypeError(`${channel}: listener must be a function`);
      return transport.subscribe(channel, listener);
    };
  }
  for (const domain of Object.values(domains)) Object.freeze(domain);
  return Object.freeze(domains) as unknown as SoftphoneApi;
}
