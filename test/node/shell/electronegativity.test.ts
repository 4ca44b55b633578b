/**
 * The Electronegativity gate (scripts/electronegativity.mjs) run on small fixture trees: it
 * passes on reviewed, documented annotations and fails on every way a finding can slip through.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const script = path.resolve(import.meta.dirname, '../../../scripts/electronegativity.mjs');
const dirs: string[] = [];

function fixture(files: Record<string, string>, docs: string): { input: string; docs: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'eng-gate-'));
  dirs.push(dir);
  const input = path.join(dir, 'src');
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(input, file)), { recursive: true });
    writeFileSync(path.join(input, file), text);
  }
  writeFileSync(path.join(dir, 'SECURITY.md'), docs);
  return { input, docs: path.join(dir, 'SECURITY.md') };
}

function gate(where: { input: string; docs: string }): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, [script, '--input', where.input, '--docs', where.docs], { encoding: 'utf8', timeout: 30_000 });
  return { status: run.status, output: run.stdout + run.stderr };
}

const reviewedOpen = [
  "import { shell } from 'electron';",
  'export async function open(url: string): Promise<void> {',
  '  await shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK -- fixture: checked by the caller',
  '}',
  '',
].join('\n');
/** What the tool's global checks want to see in any app: a CSP, navigation limits and a permission handler. */
const hardenedApp = {
  'renderer/index.html': `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'" /></head><body></body></html>\n`,
  'main/guards.ts': [
    "import { app } from 'electron';",
    "app.on('web-contents-created', (_event, contents) => {",
    "  contents.setWindowOpenHandler(() => ({ action: 'deny' }));",
    "  contents.on('will-navigate', (event) => event.preventDefault());",
    '  contents.session.setPermissionRequestHandler((_contents, _permission, done) => done(false));',
    '});',
    '',
  ].join('\n'),
};
const docsListing = (...files: string[]) => files.map((file) => `| \`OPEN_EXTERNAL_JS_CHECK\` | \`src/${file}\` | reviewed |`).join('\n');

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('scripts/electronegativity.mjs', () => {
  it('passes when every medium finding is annotated with a reason and listed in the docs', () => {
    const result = gate(fixture({ ...hardenedApp, 'main/open.ts': reviewedOpen }, docsListing('main/open.ts')));
    expect(result.output).toContain('reviewed (eng-disable): MEDIUM/TENTATIVE OPEN_EXTERNAL_JS_CHECK main/open.ts:3 — fixture: checked by the caller');
    expect(result.status).toBe(0);
  }, 40_000);

  it('fails on an unannotated call (even through a port, in a file without an electron import), and on bad, stale, file-wide or undocumented annotations', () => {
    const result = gate(
      fixture(
        {
          ...hardenedApp,
          'main/port.ts': [
            'export function register(port: { setAsDefaultProtocolClient(scheme: string): boolean }): boolean {',
            "  return port.setAsDefaultProtocolClient('tel');",
            '}',
            '',
          ].join('\n'),
          'main/no-reason.ts': ['export async function open(port: { openExternal(url: string): Promise<void> }, url: string) {', '  await port.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK', '}', ''].join('\n'),
          'main/stale.ts': ['export const answer = 42;', 'export const twice = answer * 2; // eng-disable OPEN_EXTERNAL_JS_CHECK -- nothing opens here', ''].join('\n'),
          'main/whole-file.ts': ['// eng-disable OPEN_EXTERNAL_JS_CHECK -- silences the file', "import { shell } from 'electron';", "export const go = (url: string) => shell.openExternal(url);", ''].join('\n'),
          'main/undocumented.ts': reviewedOpen,
        },
        docsListing('main/stale.ts', 'main/whole-file.ts', 'main/no-reason.ts'),
      ),
    );
    expect(result.status).toBe(1);
    expect(result.output).toContain('FINDING MEDIUM/TENTATIVE PROTOCOL_HANDLER_JS_CHECK main/port.ts:2');
    expect(result.output).toContain('FINDING MEDIUM/TENTATIVE OPEN_EXTERNAL_JS_CHECK main/no-reason.ts:2');
    expect(result.output).toContain('ANNOTATION main/no-reason.ts:2: write it as "// eng-disable CHECK_ID -- reason" (the reason is required)');
    expect(result.output).toContain('ANNOTATION main/stale.ts:2: eng-disable OPEN_EXTERNAL_JS_CHECK covers no finding on this line; remove it');
    expect(result.output).toContain('ANNOTATION main/whole-file.ts:1: an annotation on line 1 disables the check for the whole file');
    expect(result.output).toContain('FINDING MEDIUM/TENTATIVE OPEN_EXTERNAL_JS_CHECK main/whole-file.ts:3');
    expect(result.output).toContain('ANNOTATION main/undocumented.ts:3: OPEN_EXTERNAL_JS_CHECK in src/main/undocumented.ts is not listed under "Reviewed call sites"');
  }, 40_000);
});
