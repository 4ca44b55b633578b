/**
 * Random and mutated links thrown at the parser and the inbox: nothing escapes as an exception,
 * nothing accepted is anything but a plausible E.164 number, no rejection reason quotes the
 * input's digits, and nothing is dialled unless a confirmation named the pending link.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_HELD } from './inbox';
import { parseNumberText, parsePhoneLink, type ParsedLink } from './parse';
import { inboxHarness, placedCall, withoutStatedLimits } from './test-support';

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
          // The window shows the reason as it is: it never carries the number or any digit of the input.
          expect(withoutStatedLimits(result.reason)).not.toMatch(/[0-9]/);
        }
      }),
      { numRuns: 10_000 },
    );
    // The generators must exercise the accepting path too, or the property proves little.
    expect(accepted).toBeGreaterThan(500);
  });

  type Op =
    | { op: 'link'; raw: unknown }
    | { op: 'offer'; text: string }
    | { op: 'ready' }
    | { op: 'dismiss'; pick: number }
    | { op: 'confirm'; pick: number; warned: boolean };
  /** 0 names the pending link (most of the time, so confirmations happen); 1-3 name ids that are not pending. */
  const pick = fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }) });
  const op: fc.Arbitrary<Op> = fc.oneof(
    { weight: 8, arbitrary: anyValue.map((raw): Op => ({ op: 'link', raw })) },
    { weight: 2, arbitrary: fc.oneof(anyLink, fc.string({ maxLength: 20 })).map((text): Op => ({ op: 'offer', text })) },
    { weight: 1, arbitrary: fc.constant<Op>({ op: 'ready' }) },
    { weight: 1, arbitrary: pick.map((pick): Op => ({ op: 'dismiss', pick })) },
    { weight: 1, arbitrary: fc.tuple(pick, fc.boolean()).map(([pick, warned]): Op => ({ op: 'confirm', pick, warned })) },
  );

  /**
   * The inbox's documented rule, as a model: arrivals wait until the window is ready (at most
   * MAX_HELD, the rest count as dropped); a number becomes pending only when nothing is; while one
   * is pending a different number counts as dropped and the same number is not; a new pending
   * link resets the count; rejections change neither; only a confirm of the pending id dials,
   * and a placed call clears it (warnings keep it up).
   */
  it('the inbox keeps one pending link, counts exactly the drops and dials once per confirmation of it (10,000+ links)', async () => {
    let linksFed = 0;
    let dropsSeen = 0;
    let dialsSeen = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 10, maxLength: 30 }), async (ops) => {
        const h = inboxHarness();
        const parseAs = (arrival: Extract<Op, { op: 'link' | 'offer' }>) =>
          arrival.op === 'link' ? parsePhoneLink(arrival.raw, { defaultCountry: 'US' }) : parseNumberText(arrival.text, { defaultCountry: 'US' });
        const model = { ready: false, held: [] as ParsedLink[], overflow: 0, pendingE164: null as string | null, newPending: false, dropped: 0, dials: 0 };
        const take = (parsed: ParsedLink): void => {
          if (parsed.kind === 'rejected') return;
          if (model.pendingE164 === null) {
            model.pendingE164 = parsed.e164;
            model.newPending = true;
            model.dropped = 0;
          } else if (model.pendingE164 !== parsed.e164) {
            model.dropped++;
          }
        };

        for (const step of ops) {
          const before = h.hub.app().links.pending;
          const dialsBefore = h.dialed.length;
          model.newPending = false;
          if (step.op === 'link' || step.op === 'offer') {
            linksFed++;
            const parsed = parseAs(step);
            if (step.op === 'link') h.inbox.receiveLink(step.raw);
            else h.inbox.offerNumber(step.text, 'clipboard');
            if (model.ready) take(parsed);
            else if (model.held.length < MAX_HELD) model.held.push(parsed);
            else model.overflow++;
          } else if (step.op === 'ready') {
            h.inbox.windowReady();
            if (!model.ready) {
              model.ready = true;
              for (const parsed of model.held.splice(0)) take(parsed);
              model.dropped += model.overflow;
              model.overflow = 0;
            }
          } else {
            // pick 0 names the pending link; other picks name ids that are not pending.
            const id = step.pick === 0 && before ? before.id : `stale-${step.pick}`;
            if (step.op === 'dismiss') {
              h.inbox.dismiss(id);
              if (id === before?.id) model.pendingE164 = null;
            } else {
              h.setDialOutcome(async (intent) => (step.warned ? { status: 'needsConfirmation', warnings: [{ code: 'agentAway', message: 'Away' }] } : placedCall(intent)));
              const confirmed = await h.inbox.confirm(id).then(
                () => true,
                (error: unknown) => {
                  expect(error).toMatchObject({ code: 'linkNotPending' });
                  return false;
                },
              );
              expect(confirmed).toBe(id === before?.id);
              if (confirmed && before) {
                // Exactly one dial, of the pending link's own number.
                expect(h.dialed.length).toBe(dialsBefore + 1);
                expect(h.dialed.at(-1)?.number).toBe(before.e164);
                model.dials++;
                dialsSeen++;
                if (!step.warned) model.pendingE164 = null;
              }
            }
          }

          const links = h.hub.app().links;
          expect(h.dialed.length).toBe(model.dials);
          expect(links.pending?.e164 ?? null).toBe(model.pendingE164);
          // A pending link is never swapped for another: only a new one (after none) gets a new id.
          if (links.pending && !model.newPending) expect(links.pending.id).toBe(before?.id);
          if (links.pending && model.newPending) expect(links.pending.id).not.toBe(before?.id);
          expect(links.droppedCount).toBe(model.dropped);
          dropsSeen += links.droppedCount > 0 ? 1 : 0;
        }
      }),
      { numRuns: 1_000 },
    );
    expect(linksFed).toBeGreaterThanOrEqual(10_000);
    // The generators must reach drops and dials, or the rule is barely exercised.
    expect(dropsSeen).toBeGreaterThan(100);
    expect(dialsSeen).toBeGreaterThan(100);
  });
});
