import { describe, expect, it } from 'vitest';
import { applicationMenu, closeAction, createLinkIntake, isTrustedFrame, presentWindow, quitWhenAllWindowsClosed } from './lifecycle';

describe('createLinkIntake', () => {
  it('holds links until attached, then forwards in order, then passes straight through', () => {
    const intake = createLinkIntake();
    intake.deliver('tel:1');
    intake.deliver('tel:2');
    const seen: string[] = [];
    intake.attach((raw) => seen.push(raw));
    intake.deliver('tel:3');
    expect(seen).toEqual(['tel:1', 'tel:2', 'tel:3']);
  });

  it('holds at most the cap before attach', () => {
    const intake = createLinkIntake(3);
    for (let i = 0; i < 10; i++) intake.deliver(`tel:${i}`);
    const seen: string[] = [];
    intake.attach((raw) => seen.push(raw));
    expect(seen).toEqual(['tel:0', 'tel:1', 'tel:2']);
  });
});

describe('closeAction', () => {
  it('hides to the tray only with the setting, a tray, and no quit in progress', () => {
    expect(closeAction({ closeToTray: true, quitting: false, trayAvailable: true })).toBe('hide');
    expect(closeAction({ closeToTray: true, quitting: true, trayAvailable: true })).toBe('close');
    expect(closeAction({ closeToTray: false, quitting: false, trayAvailable: true })).toBe('close');
    // Without a tray (GNOME without AppIndicator) a hidden window could never be reopened.
    expect(closeAction({ closeToTray: true, quitting: false, trayAvailable: false })).toBe('close');
  });
});

describe('presentWindow', () => {
  it('creates a window when there is none, restores the normal size from the quick-dial box, else just focuses', () => {
    expect(presentWindow({ exists: false, creating: false, compact: false })).toBe('create');
    expect(presentWindow({ exists: true, creating: false, compact: true })).toBe('leaveCompactAndFocus');
    expect(presentWindow({ exists: true, creating: false, compact: false })).toBe('focus');
  });
  it('never starts a second window while one is loading: it waits for that one', () => {
    expect(presentWindow({ exists: false, creating: true, compact: false })).toBe('afterCreation');
    expect(presentWindow({ exists: true, creating: true, compact: true })).toBe('afterCreation');
  });
});

describe('quitWhenAllWindowsClosed', () => {
  it('keeps a macOS app running without windows and quits elsewhere', () => {
    expect(quitWhenAllWindowsClosed('darwin')).toBe(false);
    expect(quitWhenAllWindowsClosed('win32')).toBe(true);
    expect(quitWhenAllWindowsClosed('linux')).toBe(true);
  });
});

describe('isTrustedFrame', () => {
  const isApp = (url: string) => url.startsWith('file:///app/index.html');
  it('trusts only the top frame on the app page', () => {
    expect(isTrustedFrame({ url: 'file:///app/index.html#/', parent: null }, isApp)).toBe(true);
    expect(isTrustedFrame({ url: 'file:///app/index.html', parent: {} }, isApp)).toBe(false);
    expect(isTrustedFrame({ url: 'https://evil.example/', parent: null }, isApp)).toBe(false);
    expect(isTrustedFrame(null, isApp)).toBe(false);
  });
});

describe('applicationMenu', () => {
  it('no menu (so no Reload/DevTools items) outside macOS; app/edit/window on macOS', () => {
    expect(applicationMenu('win32')).toBeNull();
    expect(applicationMenu('linux')).toBeNull();
    expect(applicationMenu('darwin')?.map((item) => item.role)).toEqual(['appMenu', 'editMenu', 'windowMenu']);
  });
});
