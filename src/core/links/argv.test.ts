import { describe, expect, it } from 'vitest';
import { extractLinksFromArgv, MAX_ARGV_LINKS } from './argv';

const packagedWin = { isPackaged: true, platform: 'win32' } as const;
const packagedLinux = { isPackaged: true, platform: 'linux' } as const;
const packagedMac = { isPackaged: true, platform: 'darwin' } as const;
const devLinux = { isPackaged: false, platform: 'linux' } as const;
const devWin = { isPackaged: false, platform: 'win32' } as const;

describe('extractLinksFromArgv', () => {
  it('cold start, packaged: [exe, url]', () => {
    expect(extractLinksFromArgv(['C:\\Program Files\\Softphone Companion\\Softphone Companion.exe', 'tel:+12015550123'], packagedWin)).toEqual([
      'tel:+12015550123',
    ]);
    expect(extractLinksFromArgv(['/opt/Softphone Companion/softphone-companion', 'callto://+442079460958'], packagedLinux)).toEqual([
      'callto://+442079460958',
    ]);
  });

  it('cold start without a link gives nothing', () => {
    expect(extractLinksFromArgv(['/opt/app/softphone-companion'], packagedLinux)).toEqual([]);
    expect(extractLinksFromArgv([], packagedLinux)).toEqual([]);
  });

  it('second instance on Windows: Chromium switches inserted before the link', () => {
    const argv = [
      'C:\\Program Files\\Softphone Companion\\Softphone Companion.exe',
      '--allow-file-access-from-files',
      '--original-process-start-time=13370000000000000',
      '--secure-schemes=app',
      'tel:+12015550123',
    ];
    expect(extractLinksFromArgv(argv, packagedWin)).toEqual(['tel:+12015550123']);
  });

  it('Windows registry command with the switch terminator and kept quotes', () => {
    expect(extractLinksFromArgv(['C:\\app.exe', '--', '"tel:+12015550123"'], packagedWin)).toEqual(['tel:+12015550123']);
  });

  it('after "--" a link that looks like a switch is still not a link', () => {
    expect(extractLinksFromArgv(['C:\\app.exe', '--', '--tel:+12015550123'], packagedWin)).toEqual([]);
  });

  it('quotes are literal outside Windows', () => {
    expect(extractLinksFromArgv(['/opt/app', '"tel:+12015550123"'], packagedLinux)).toEqual([]);
  });

  it('second instance on Linux: .desktop %u with switches', () => {
    expect(extractLinksFromArgv(['/opt/app/softphone-companion', '--no-sandbox', 'tel:+1-201-555-0123'], packagedLinux)).toEqual(['tel:+1-201-555-0123']);
  });

  it('macOS: the process serial number argument is ignored', () => {
    expect(extractLinksFromArgv(['/Applications/Softphone Companion.app/Contents/MacOS/Softphone Companion', '-psn_0_12345'], packagedMac)).toEqual([]);
  });

  it('dev mode: [electron, script.js, url]', () => {
    expect(extractLinksFromArgv(['/repo/node_modules/electron/dist/electron', '/repo/out/main/index.js', 'tel:+12015550123'], devLinux)).toEqual([
      'tel:+12015550123',
    ]);
  });

  it("dev mode: [electron, '.', url] and switches before the app path", () => {
    expect(extractLinksFromArgv(['electron', '.', 'tel:+12015550123'], devLinux)).toEqual(['tel:+12015550123']);
    expect(extractLinksFromArgv(['electron.exe', '--inspect=5858', 'C:\\repo\\out\\main\\index.js', '--', 'tel:+12015550123'], devWin)).toEqual([
      'tel:+12015550123',
    ]);
  });

  it('dev mode never mistakes the app path for a link, nor drops a link in its place', () => {
    expect(extractLinksFromArgv(['electron', '/repo/out/main/index.js'], devLinux)).toEqual([]);
    expect(extractLinksFromArgv(['electron', 'tel:+12015550123'], devLinux)).toEqual(['tel:+12015550123']);
  });

  it('ignores other schemes, file paths and non-strings', () => {
    const argv: unknown[] = ['/opt/app', 'https://evil.example', 'javascript:alert(1)', '/tmp/file.txt', 42, null, 'TEL:+12015550123'];
    expect(extractLinksFromArgv(argv, packagedLinux)).toEqual(['TEL:+12015550123']);
  });

  it(`keeps at most ${MAX_ARGV_LINKS} links from one command line`, () => {
    const argv = ['/opt/app', ...Array.from({ length: 100 }, (_, i) => `tel:+1201555${String(i).padStart(4, '0')}`)];
    expect(extractLinksFromArgv(argv, packagedLinux)).toHaveLength(MAX_ARGV_LINKS);
  });
});
