import { describe, expect, it } from 'vitest';
import { acceleratorProblem, applyShortcut, type GlobalShortcutPort } from './shortcut';

describe('acceleratorProblem', () => {
  it.each(['CommandOrControl+Shift+D', 'Ctrl+Alt+P', 'Alt+Space', 'Super+F5', 'F13', 'CmdOrCtrl+Plus', 'Ctrl++', 'Control+Shift+num5', 'Option+/'])(
    'accepts %s',
    (accelerator) => {
      expect(acceleratorProblem(accelerator)).toBeNull();
    },
  );

  it.each([
    ['', /empty/],
    ['Ctrl+Shift', /no key/],
    ['Ctrl+', /no key/],
    ['D', /needs a modifier/],
    ['Shift+D', /Shift alone/],
    ['Hyper+D', /not a modifier/],
    ['Ctrl+Ctrl+D', /twice/],
    ['Ctrl+Banana', /not a key/],
    ['Ctrl+F25', /not a key/],
    ['x'.repeat(80), /too long/],
  ])('rejects %j', (accelerator, problem) => {
    expect(acceleratorProblem(accelerator)).toMatch(problem);
  });
});

function fakePort(result: boolean | Error): GlobalShortcutPort & { registered: string[]; unregistered: string[] } {
  const registered: string[] = [];
  const unregistered: string[] = [];
  return {
    registered,
    unregistered,
    register(accelerator) {
      if (result instanceof Error) throw result;
      if (result) registered.push(accelerator);
      return result;
    },
    unregister(accelerator) {
      unregistered.push(accelerator);
    },
  };
}

describe('applyShortcut', () => {
  const linux = { platform: 'linux' as const, sessionType: 'x11' };
  it('none configured: nothing registered, status null, the previous released', () => {
    const port = fakePort(true);
    expect(applyShortcut(port, 'Ctrl+Alt+D', null, linux, () => undefined)).toBeNull();
    expect(port.unregistered).toEqual(['Ctrl+Alt+D']);
    expect(port.registered).toEqual([]);
  });

  it('registers and reports success, and the callback is the one given', () => {
    let triggered = 0;
    const calls: (() => void)[] = [];
    const port: GlobalShortcutPort = { register: (_a, cb) => (calls.push(cb), true), unregister: () => undefined };
    expect(applyShortcut(port, null, 'Ctrl+Alt+D', linux, () => triggered++)).toEqual({ accelerator: 'Ctrl+Alt+D', registered: true });
    calls[0]?.();
    expect(triggered).toBe(1);
  });

  it('an invalid accelerator is reported and never reaches Electron', () => {
    const port = fakePort(true);
    expect(applyShortcut(port, null, 'Ctrl+Banana', linux, () => undefined)).toMatchObject({ registered: false, problem: expect.stringMatching(/not a key/) });
    expect(port.registered).toEqual([]);
  });

  it('taken by another app', () => {
    expect(applyShortcut(fakePort(false), null, 'Ctrl+Alt+D', { platform: 'win32' }, () => undefined)).toEqual({
      accelerator: 'Ctrl+Alt+D',
      registered: false,
      problem: 'Another app already uses this combination. Choose another one.',
    });
    expect(applyShortcut(fakePort(false), null, 'Cmd+Alt+D', { platform: 'darwin' }, () => undefined)?.problem).toMatch(/macOS/);
  });

  it('Wayland gets its own explanation', () => {
    expect(applyShortcut(fakePort(false), null, 'Ctrl+Alt+D', { platform: 'linux', sessionType: 'wayland' }, () => undefined)?.problem).toMatch(/Wayland/);
  });

  it('Electron throwing (conversion failure) is reported, not thrown', () => {
    const status = applyShortcut(fakePort(new Error('conversion failure')), null, 'Ctrl+Alt+D', linux, () => undefined);
    expect(status).toMatchObject({ registered: false, problem: expect.stringContaining('conversion failure') });
  });
});
