import { act, render } from '@testing-library/react';
import { App } from '../App';
import { startBridge } from '../store/bridge';
import type { EventChannel, EventPayload } from '../../../shared/ipc/contract';
import type { FakeSoftphone } from './fake-api';

/** Starts the bridge against the fake (as main.tsx does), renders the app, waits for the start-up reads. */
export async function renderApp(fake: FakeSoftphone) {
  const bridge = startBridge(fake.api);
  const view = render(<App />);
  await act(() => bridge.ready);
  return { ...view, bridge };
}

/** Pushes an event from "main" inside act(), as a real IPC message would arrive. */
export function push<C extends EventChannel>(fake: FakeSoftphone, channel: C, payload: EventPayload<C>) {
  act(() => fake.emit(channel, payload));
}
