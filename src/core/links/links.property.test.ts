/**
 * Random and mutated links thrown at the parser and the inbox: nothing escapes as an exception,
 * nothing accepted is anything but a plausible E.164 number, and nothing is dialled unless a
 * confirmation named the pending link.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePhoneLink } from './parse';
import { inboxHarness } from './test-support';

const seeds = [
  'tel:+1-201-555-0123',
  'tel:+44 20 7946 0958;ext=12',
  'callto://+4420794600958',
  'tel:555-0123;phone-context=+1-201',
  'tel:%2B33%201%2042%2068%2053%2000',
  'TEL://+61-2-9374-4000/',
  'tel:2015550123;isub=9',
  'callto:+81-3-1234-5678?call',
];
const nasties = ['%', '%00', '%0a', '%E2%80%AE', '\u202e', '\u0000', ';', ';ext=', '=', ',', '*', '#', '+', '//', '?', 'javascript:', '"', '\\', 'ｔel', '０', ' ', '\t', 'é', '😀', '%2B', '%3B'];

/** A seed link with a handful of edits: insertions, deletions, replacements, case flips, nasty fragments. */
const mutatedLink = fc
  .tuple(
    fc.constantFrom(...seeds),
    fc.array(
      fc.tuple(
        fc.constantFrom('insert', 'delete', 'replace', 'upper', 'nasty', 'repeat'),
        fc.nat(),
        fc.oneof(fc.string({ maxLength: 3, unit: 'binary' }), fc.constantFrom(...nasties)),
      ),
      { maxLength: 6 },
    ),
  )
  .map(([seed, edits]) => {
    let link = seed;
    for (const [kind, at, text] of edits) {
      const i = link.length === 0 ? 0 : at % link.length;
      if (kind === 'insert' || kind === 'nasty') link = link.slice(0, i) + text + link.slice(i);
      else if (kind === 'delete') link = link.slice(0, i) + link.slice(i + 1 + (at % 3));
      else if (kind === 'replace') link = link.slice(0, i) + text + link.slice(i + text.length);
      else if (kind === 'upper') link = link.toUpperCase();
      else link = link.repeat(1 + (at % 40));
    }
    return link;
  });

const anyLink = fc.oneof(
  { weight: 3, arbitrary: mutatedLink },
  { weight: 1, arbitrary: fc.string({ maxLength: 300, unit: 'binary' }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }).map((s) => `tel:${s}`) },
  { weight: 1, arbitrary: fc.stringMatching(/^(tel|callto):(\/\/)?\+?[0-9 ().-]{0,20}(;[a-z-]{1,12}=[0-9a-z+.-]{0,10}){0,3}$/) },
);

const anyValue = fc.oneof({ weight: 9, arbitrary: anyLink }, { weight: 1, arbitrary: fc.anything() });

describe('links under random and mutated input', () => {
  it('the parser never throws and accepts only plausible E.164 numbers (10,000 links)', () => {
    let accepted = 0;
    fc.assert(
      fc.property(anyValue, fc.constantFrom('US', 'GB', 'DE', 'AU', '', 'ZZ'), (raw, defaultCountry) => {
        const result = parsePhoneLink(raw, { defaultCountry });
        if (result.kind === 'number') {
          accepted++;
          expect(result.e164).toMatch(/^\+[1-9][0-9]{6,14}$/);
          expect(typeof raw === 'string' && /^\s*(tel|callto):/i.test(raw)).toBe(true);
          if (result.extension !== undefined) expect(result.extension).toMatch(/^[0-9]{1,10}$/);
        } else {
          expect(result.kind).toBe('rejected');
          expect(result.reason.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 10_000 },
    );
    // The generators must exercise the accepting path too, or the property proves little.
    expect(accepted).toBeGreaterThan(500);
  });

  type Op = { op: 'link'; raw: unknown } | { op: 'offer'; text: string } | { op: 'ready' } | { op: 'dismiss'; pick: number } | { op: 'confirm'; pick: number };
  const op: fc.Arbitrary<Op> = fc.oneof(
    { weight: 8, arbitrary: anyValue.map((raw): Op => ({ op: 'link', raw })) },
    { weight: 2, arbitrary: fc.oneof(anyLink, fc.string({ maxLength: 20 })).map((text): Op => ({ op: 'offer', text })) },
    { weight: 1, arbitrary: fc.constant<Op>({ op: 'ready' }) },
    { weight: 1, arbitrary: fc.nat(3).map((pick): Op => ({ op: 'dismiss', pick })) },
    { weight: 1, arbitrary: fc.nat(3).map((pick): Op => ({ op: 'confirm', pick })) },
  );

  it('the inbox never throws from an arrival and dials only what a confirmation named (10,000+ links)', async () => {
    let linksFed = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 10, maxLength: 30 }), async (ops) => {
        const h = inboxHarness();
        const confirmedNumbers: string[] = [];
        for (const step of ops) {
          if (step.op === 'link') {
            linksFed++;
            h.inbox.receiveLink(step.raw);
          } else if (step.op === 'offer') {
            linksFed++;
            h.inbox.offerNumber(step.text, 'clipboard');
          } else if (step.op === 'ready') {
            h.inbox.windowReady();
          } else {
            const pending = h.hub.app().links.pending;
            // pick 0 names the pending link; other picks name ids that are not pending.
            const id = step.pick === 0 && pending ? pending.id : `stale-${step.pick}`;
            if (step.op === 'dismiss') h.inbox.dismiss(id);
            else {
              try {
                await h.inbox.confirm(id);
                if (pending) confirmedNumbers.push(pending.e164);
              } catch (error) {
                expect(error).toMatchObject({ code: 'linkNotPending' });
              }
            }
          }
          const links = h.hub.app().links;
          expect(links.droppedCount).toBeGreaterThanOrEqual(0);
          if (links.pending) expect(links.pending.e164).toMatch(/^\+[1-9][0-9]{6,14}$/);
        }
        expect(h.dialed.map((intent) => intent.number)).toEqual(confirmedNumbers);
      }),
      { numRuns: 1_000 },
    );
    expect(linksFed).toBeGreaterThanOrEqual(10_000);
  });
});
