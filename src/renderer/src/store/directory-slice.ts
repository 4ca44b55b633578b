import type { Agent, DirectorySnapshot, GroupSummary, PresenceUpdate, QueueSummary } from '../../../shared/domain';
import { softphone } from '../api';
import { availabilityTier, buildSearchIndex, emptySearchIndex, type SearchIndex } from '../features/agents/filter';
import { run } from './run';
import type { Slice } from './types';

export type DirectoryMeta = Omit<DirectorySnapshot, 'agents' | 'queues' | 'groups'>;

export type MemberScope = { kind: 'queue' | 'group'; id: string };

export interface DirectorySlice {
  directory: DirectoryMeta;
  queues: QueueSummary[];
  groups: GroupSummary[];
  /** One normalised map: a presence update replaces only its own entries, so only their rows re-render. */
  agentsById: Record<string, Agent>;
  /** Built once per directory load, not per keystroke. */
  searchIndex: SearchIndex;
  /** Shared with presence events: the hub's one sequence counter covers both. */
  directorySeq: number;
  /** Bumped when a presence push moves an agent between availability tiers (what ranking uses). */
  availabilityVersion: number;
  /** The queue or group the Agents panel is narrowed to, with its members once known. */
  memberScope: MemberScope | null;
  memberIds: ReadonlySet<string> | null;
  memberError: string | null;

  receiveDirectory(directory: DirectorySnapshot & { seq: number }): boolean;
  receivePresence(event: { seq: number; updates: PresenceUpdate[] }): boolean;
  setMemberScope(scope: MemberScope | null): Promise<void>;
  refreshDirectory(): Promise<void>;
  watchAgents(ids: string[]): Promise<void>;
}

export const createDirectorySlice: Slice<DirectorySlice> = (set, get) => {
  // A slow members answer for a queue the user has since left must not land.
  let scopeRequest = 0;

  return {
    directory: { status: 'empty', fromCache: false },
    queues: [],
    groups: [],
    agentsById: {},
    searchIndex: emptySearchIndex,
    directorySeq: -1,
    availabilityVersion: 0,
    memberScope: null,
    memberIds: null,
    memberError: null,

    receiveDirectory(snapshot) {
      if (snapshot.seq <= get().directorySeq) return false;
      const { agents, queues, groups, seq, ...meta } = snapshot;
      const held = get().agentsById;
      const agentsById: Record<string, Agent> = {};
      let rosterChanged = agents.length !== Object.keys(held).length;
      for (const agent of agents) {
        const previous = held[agent.id];
        // Keep the old object where nothing changed, so a refresh does not re-render every row.
        agentsById[agent.id] = sameAgent(previous, agent) ?? agent;
        if (!previous || previous.name !== agent.name || previous.email !== agent.email || previous.extension !== agent.extension) rosterChanged = true;
      }
      set({
        directory: meta,
        queues,
        groups,
        agentsById,
        searchIndex: rosterChanged ? buildSearchIndex(agents) : get().searchIndex,
        directorySeq: seq,
      });
      return true;
    },
    receivePresence(event) {
      if (event.seq <= get().directorySeq) return false;
      const held = get().agentsById;
      let next: Record<string, Agent> | null = null;
      let tierMoved = false;
      for (const update of event.updates) {
        const agent = (next ?? held)[update.id];
        if (!agent) continue;
        if (agent.presence === update.presence && agent.presenceLabel === update.presenceLabel && agent.routingStatus === update.routingStatus) continue;
        next ??= { ...held };
        next[update.id] = { ...agent, presence: update.presence, presenceLabel: update.presenceLabel, routingStatus: update.routingStatus };
        if (availabilityTier(agent.presence) !== availabilityTier(update.presence)) tierMoved = true;
      }
      if (!next) set({ directorySeq: event.seq });
      else set({ agentsById: next, directorySeq: event.seq, ...(tierMoved ? { availabilityVersion: get().availabilityVersion + 1 } : {}) });
      return true;
    },
    async setMemberScope(scope) {
      const request = ++scopeRequest;
      if (!scope) {
        set({ memberScope: null, memberIds: null, memberError: null });
        return;
      }
      set({ memberScope: scope, memberError: null });
      const result = await run(() =>
        scope.kind === 'queue' ? softphone().agents.queueMembers({ queueId: scope.id }) : softphone().agents.groupMembers({ groupId: scope.id }),
      );
      if (request !== scopeRequest) return;
      if (result.ok) set({ memberIds: new Set(result.value) });
      else set({ memberIds: new Set(), memberError: result.message });
    },
    async refreshDirectory() {
      const result = await run(() => softphone().agents.refresh({}));
      if (!result.ok) get().reportError(result.message);
    },
    async watchAgents(ids) {
      // Best effort: a failed watch only means presence for these rows updates later.
      await run(() => softphone().agents.watch({ ids }));
    },
  };
};

function sameAgent(held: Agent | undefined, next: Agent): Agent | undefined {
  if (!held) return undefined;
  const keys = Object.keys(next) as (keyof Agent)[];
  if (keys.length !== Object.keys(held).length) return undefined;
  return keys.every((key) => held[key] === next[key]) ? held : undefined;
}
