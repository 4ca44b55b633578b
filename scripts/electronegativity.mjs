#!/usr/bin/env node
/**
 * Runs Electronegativity (@doyensec/electronegativity) on src/ and fails on any HIGH or MEDIUM
 * finding that was not reviewed. A reviewed site carries the tool's own comment, with a reason,
 * on the line the finding points at:
 *
 *   await shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK -- allow-listed on the line above
 *
 * and every annotated check and file is listed in docs/SECURITY.md ("Reviewed call sites").
 *
 * The tool silently drops what such a comment covers, which would also hide a comment that no
 * longer covers anything (or one on line 1, which the tool reads as "the whole file"). So the
 * scan runs on a copy of the sources with the comments renamed: every finding comes back and
 * this script matches each against the annotations itself. It fails on
 *   - a HIGH/MEDIUM finding with no annotation naming its check on its line;
 *   - an annotation without `-- reason`, on line 1, or malformed;
 *   - an annotation naming a check that found nothing on that line (stale);
 *   - an annotated check/file that docs/SECURITY.md does not list.
 *
 * Usage: node scripts/electronegativity.mjs [--input <dir>] [--docs <file>]   (defaults: src/, docs/SECURITY.md)
 *
 * Offline note: the tool tries to download translations and Electron's release list; both fail
 * fast without a network. The release-list check (AvailableSecurityFixesGlobalCheck) cannot work
 * offline at all, so it is not run; `npm outdated electron` covers the same question.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const root = path.resolve(import.meta.dirname, '..');
const { values: cli } = parseArgs({ options: { input: { type: 'string' }, docs: { type: 'string' } } });
const input = path.resolve(cli.input ?? path.join(root, 'src'));
const docsFile = path.resolve(cli.docs ?? path.join(root, 'docs', 'SECURITY.md'));
const require = createRequire(import.meta.url);
const run = require('@doyensec/electronegativity');
const electronVersion = JSON.parse(readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;


const SCANNED = /\.(?:[cm]?[jt]sx?|html?)$/i;
const MARKER = 'eng-disable';
/** The only accepted form: `// eng-disable CHECK_ID [CHECK_ID…] -- reason` (or inside `/* … *\/`). */
const ANNOTATION = /(?:\/\/|\/\*)[ \t]*eng-disable[ \t]+([A-Z0-9_]+(?:[ \t]+[A-Z0-9_]+)*)[ \t]+--[ \t]+(\S.*?)[ \t]*(?:\*\/.*)?$/;

function listSources(dir, base = dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : listSources(full, base);
    return SCANNED.test(entry.name) ? [path.relative(base, full).split(path.sep).join('/')] : [];
  });
}

/** Every `eng-disable` comment in the sources, and the problems with the malformed ones. */
function readAnnotations(files) {
  const annotations = [];
  const problems = [];
  for (const file of files) {
    const lines = readFileSync(path.join(input, file), 'utf8').split('\n');
    lines.forEach((text, index) => {
      if (!text.includes(MARKER)) return;
      const where = `${file}:${index + 1}`;
      const match = ANNOTATION.exec(text);
      if (!match) return problems.push(`${where}: write it as "// eng-disable CHECK_ID -- reason" (the reason is required)`);
      if (index === 0) return problems.push(`${where}: an annotation on line 1 disables the check for the whole file; put it on the line of the finding`);
      annotations.push({ file, line: index + 1, checks: match[1].split(/[ \t]+/), reason: match[2], used: new Set() });
    });
  }
  return { annotations, problems };
}

/** The scan, on a copy in which the annotations are renamed so the tool reports what they cover. */
async function scanAll(files) {
  const copy = mkdtempSync(path.join(os.tmpdir(), 'electronegativity-'));
  try {
    cpSync(input, copy, { recursive: true, filter: (source) => !source.split(path.sep).includes('node_modules') });
    for (const file of files) {
      const text = readFileSync(path.join(copy, file), 'utf8');
      if (text.includes(MARKER)) writeFileSync(path.join(copy, file), text.replaceAll(MARKER, 'eng-reviewed'));
    }
    // The tool logs through console.log while scanning; keep its chatter out of the summary.
    const log = console.log;
    console.log = () => undefined;
    try {
      return await run({ input: copy, isRelative: true, electronVersionOverride: electronVersion, excludeFromScan: ['AvailableSecurityFixesGlobalCheck'] });
    } finally {
      console.log = log;
    }
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

/** docs/SECURITY.md lists a reviewed site as a table row naming the check and the file. */
function listedInDocs(docs, check, file) {
  return docs.split('\n').some((row) => row.startsWith('|') && row.includes(`\`${check}\``) && row.includes(`\`src/${file}\``));
}

const files = listSources(input);
const { annotations, problems } = readAnnotations(files);
const result = await scanAll(files);
const docs = readFileSync(docsFile, 'utf8');

const reviewed = [];
const accepted = [];
const blocking = [];
for (const issue of result.issues) {
  issue.file = issue.file.split(path.sep).join('/');
  const line = issue.location?.line ?? 0;
  const text = `${issue.severity.name}/${issue.confidence.name} ${issue.id} ${issue.file}:${line}`;
  const annotation = annotations.find((a) => a.file === issue.file && a.line === line && a.checks.includes(issue.id));
  if (annotation) {
    annotation.used.add(issue.id);
    reviewed.push(`${text} — ${annotation.reason}`);
    continue;
  }
  const severe = issue.severity.name === 'HIGH' || issue.severity.name === 'MEDIUM';
  if (severe) blocking.push(`${text} — ${issue.description}`);
  else accepted.push(`${text} — ${issue.description}`);
}
for (const annotation of annotations) {
  for (const check of annotation.checks) {
    const where = `${annotation.file}:${annotation.line}`;
    if (!annotation.used.has(check)) problems.push(`${where}: eng-disable ${check} covers no finding on this line; remove it`);
    else if (!listedInDocs(docs, check, annotation.file)) problems.push(`${where}: ${check} in src/${annotation.file} is not listed under "Reviewed call sites" in ${path.relative(root, docsFile)}`);
  }
}
const parseErrors = result.errors.filter((error) => !error.tolerable);

console.log(`Electronegativity ${result.globalChecks} global + ${result.atomicChecks} atomic checks on ${path.relative(root, input) || '.'}/ (Electron ${electronVersion})`);
for (const line of reviewed) console.log(`  reviewed (eng-disable): ${line}`);
for (const line of accepted) console.log(`  accepted lower (see docs/SECURITY.md): ${line}`);
for (const error of parseErrors) console.log(`  PARSE ERROR ${error.file}: ${error.message}`);
for (const problem of problems) console.log(`  ANNOTATION ${problem}`);
for (const line of blocking) console.log(`  FINDING ${line}`);

if (blocking.length > 0 || problems.length > 0 || parseErrors.length > 0) {
  console.log(
    `\nElectronegativity: ${blocking.length} unreviewed high/medium finding(s), ${problems.length} annotation problem(s), ${parseErrors.length} unparsed file(s).` +
      ' Fix the code, or review the call, annotate its line with "// eng-disable CHECK_ID -- reason" and list it in docs/SECURITY.md.',
  );
  process.exit(1);
}
console.log(`\nElectronegativity: no unreviewed high or medium findings (${reviewed.length} annotated, ${accepted.length} accepted lower).`);
