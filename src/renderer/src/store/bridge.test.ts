import { describe, expect, it } from 'vitest';
import { ok } from '../../../shared/result';
import { installFakeSoftphone, makeAgent, makeDirectory, makeSnapshot, signedIn } from '../test/fake-api';
import { startBridge } from './bridge';
import { useStore } from './index';

describe('bridge', () => {
  it('subscribes to every event before asking for the current values', async () => {
    const fake = installFakeSoftphone();
    const listenersAtFirstRequest: number[] = [];
    fake.handle('app:getSnapshot', () => {
      listenersAtFirstRequest.push(
        fake.listenerCount('app:snapshotChanged') + fake.listenerCount('recents:listChanged') + fake.listenerCount('agents:directoryChanged') + fake.listenerCount('agents:presenceChanged'),
      );
      return ok(makeSnapshot());
    });
    const bridge = startBridge();
    await bridge.ready;
    expect(listenersAtFirstRequest).toEqual([4]);
    bridge.stop();
    expect(fake.listenerCount('app:snapshotChanged')).toBe(0);
  });

  it('drops a start-up answer that is older than an event that already arrived', async () => {
    const fake = installFakeSoftphone();
    let answer!: (snapshot: ReturnType<typeof makeSnapshot>) => void;
    fake.handle('app:getSnapshot', () => new Promise((resolve) => (answer = (snapshot) => resolve(ok(snapshot)))));
    const bridge = startBridge();
    fake.emit('app:snapshotChanged', makeSnapshot({ seq: 7, session: signedIn }));
    answer(makeSnapshot({ seq: 5 }));
    await bridge.ready;
    expect(useStore.getState().snapshot?.seq).toBe(7);
    expect(useStore.getState().snapshot?.session.status).toBe('signedIn');
    fake.emit('app:snapshotChanged', makeSnapshot({ seq: 6 }));
    expect(useStore.getState().snapshot?.seq).toBe(7);
    fake.emit('app:snapshotChanged', makeSnapshot({ seq: 8 }));
    expect(useStore.getState().snapshot?.seq).toBe(8);
  });

  it('drops stale recents, directories and presence, and applies newer ones', async () => {
    const ada = makeAgent({ id: 'a1', name: 'Ada Lovelace' });
    const fake = installFakeSoftphone({ directory: { agents: [ada] } });
    fake.handle('agents:getDirectory', () => ok(makeDirectory({ agents: [ada], seq: 10 })));
    const bridge = startBridge();
    await bridge.ready;

    fake.emit('agents:presenceChanged', { seq: 9, updates: [{ id: 'a1', presence: 'offline', presenceLabel: 'Offline', routingStatus: 'OFF_QUEUE' }] });
    expect(useStore.getState().agentsById.a1?.presence).toBe('available');
    fake.emit('agents:presenceChanged', { seq: 11, updates: [{ id: 'a1', presence: 'busy', presenceLabel: 'Busy', routingStatus: 'INTERACTING' }] });
    expect(useStore.getState().agentsById.a1?.presence).toBe('busy');
    fake.emit('agents:directoryChanged', makeDirectory({ agents: [], seq: 11 }));
    expect(Object.keys(useStore.getState().agentsById)).toEqual(['a1']);

    fake.emit('recents:listChanged', { entries: [], seq: 20 });
    fake.emit('recents:listChanged', { entries: [{ id: 'r1', e164: '+1', displayNumber: '+1', agent: null, source: 'dialpad', requestedAt: 0, outcome: 'busy' }], seq: 19 });
    expect(useStore.getState().recents).toEqual([]);
  });

  it('replaces only the touched agent objects on a presence update', async () => {
    const fake = installFakeSoftphone();
    fake.handle('agents:getDirectory', () => ok(makeDirectory({ agents: [makeAgent({ id: 'a1', name: 'Ada' }), makeAgent({ id: 'a2', name: 'Alan' })], seq: 1 })));
    await startBridge().ready;
    const before = useStore.getState().agentsById;
    fake.emit('agents:presenceChanged', { seq: 2, updates: [{ id: 'a2', presence: 'away', presenceLabel: 'Away', routingStatus: 'OFF_QUEUE' }] });
    const after = useStore.getState().agentsById;
    expect(after.a1).toBe(before.a1);
    expect(after.a2).not.toBe(before.a2);
    expect(after.a2?.presenceLabel).toBe('Away');
  });
});
