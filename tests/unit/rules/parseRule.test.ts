import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/errors/index.ts';
import { boundOf, evaluateRule, inputsOf, parseRule, usesAttributes } from '../../../shared/rules/index.ts';

const messageOf = (raw: unknown): string => {
  try {
    parseRule(raw);
  } catch (error) {
    if (error instanceof ValidationError) return error.message;
    throw error;
  }
  return 'parsed';
};

describe('parseRule', () => {
  it('keeps a valid rule as given when every term is well formed', () => {
    const rule = {
      all: [
        { list: 'aam.4321' },
        { attribute: 'consent.email', op: 'eq', value: true },
        {
          any: [
            { attribute: 'labels', op: 'in', value: ['C2'] },
            { attribute: 'attributes.since', op: 'after', value: '2026-01-01' },
          ],
        },
        { not: { list: 'api.buyers' } },
        { attribute: 'attributes.tier', op: 'exists' },
      ],
    };
    expect(parseRule(rule)).toEqual(rule);
  });

  it('names the term and the expectation when a term is wrong', () => {
    expect(messageOf([])).toBe('rule: expected {all: […]}, {any: […]} or {not: term}');
    expect(messageOf({ all: [], any: [] })).toBe('rule: expected exactly one of all, any or not');
    expect(messageOf({ all: [] })).toBe('rule.all: expected an array of 1 to 100 terms');
    expect(messageOf({ all: [{ list: 'a' }, { attribute: 'consent.email', op: 'like', value: 1 }] })).toBe(
      'rule.all.1.op: expected op eq, in, exists, before or after',
    );
    expect(messageOf({ any: [{ attribute: 'email', op: 'exists' }] })).toBe(
      'rule.any.0.attribute: expected attributes.<name>, consent.<purpose> or labels',
    );
    expect(messageOf({ not: { attribute: 'attributes.x', op: 'exists', value: 1 } })).toContain('rule.not');
    expect(messageOf({ not: { attribute: 'attributes.x', op: 'before', value: 'soon' } })).toBe(
      'rule.not.value: expected an ISO 8601 date or date-time, or a number',
    );
    expect(messageOf({ all: [{ list: 'a#b' }] })).toBe(
      'rule.all.0.list: expected printable characters other than #, / and spaces',
    );
    expect(messageOf({ all: [7] })).toBe('rule.all.0: expected a rule, {list} or {attribute, op, value?}');
  });

  it('accepts 10 levels and refuses the 11th, naming where it starts', () => {
    let rule: unknown = { list: 'a' };
    for (let i = 0; i < 10; i++) rule = { not: rule };
    expect(messageOf(rule)).toBe('parsed');
    expect(messageOf({ all: [rule] })).toBe(
      `rule.all.0${'.not'.repeat(9)}: expected rules nested at most 10 deep`,
    );
  });
});

describe('ruleTerms', () => {
  const rule = parseRule({
    any: [
      { all: [{ list: 'a' }, { attribute: 'consent.email', op: 'eq', value: true }, { not: { list: 'b' } }] },
      { all: [{ list: 'c' }, { list: 'a' }] },
    ],
  });

  it('lists the inputs once, says whether attributes are read and which lists bound the members', () => {
    expect(inputsOf(rule)).toEqual(['a', 'b', 'c']);
    expect(usesAttributes(rule)).toBe(true);
    expect(usesAttributes(parseRule({ all: [{ list: 'a' }] }))).toBe(false);
    expect(boundOf(rule)).toEqual(['a', 'c']);
    expect(boundOf(parseRule({ any: [{ list: 'a' }, { not: { list: 'b' } }] }))).toBeUndefined();
    expect(boundOf(parseRule({ all: [{ attribute: 'labels', op: 'exists' }] }))).toBeUndefined();
  });
});

describe('evaluateRule', () => {
  const recipient = {
    attributes: { tier: 'gold', visits: 12, since: '2025-06-01', gone: null },
    consent: { email: true, sms: false },
    labels: ['C2'],
  };
  const holds = (term: unknown, lists: string[] = []) =>
    evaluateRule(parseRule({ all: [term] }), { lists: new Set(lists), recipient });

  it('compares attributes, consent and labels by operator when the recipient has them', () => {
    expect(holds({ attribute: 'attributes.tier', op: 'eq', value: 'gold' })).toBe(true);
    expect(holds({ attribute: 'attributes.visits', op: 'eq', value: '12' })).toBe(false);
    expect(holds({ attribute: 'attributes.tier', op: 'in', value: ['silver', 'gold'] })).toBe(true);
    expect(holds({ attribute: 'attributes.gone', op: 'exists' })).toBe(false);
    expect(holds({ attribute: 'attributes.missing', op: 'exists' })).toBe(false);
    expect(holds({ attribute: 'attributes.visits', op: 'after', value: 10 })).toBe(true);
    expect(holds({ attribute: 'attributes.since', op: 'before', value: '2026-01-01' })).toBe(true);
    expect(holds({ attribute: 'attributes.tier', op: 'before', value: '2026-01-01' })).toBe(false);
    expect(holds({ attribute: 'consent.email', op: 'eq', value: true })).toBe(true);
    expect(holds({ attribute: 'consent.sms', op: 'eq', value: true })).toBe(false);
    expect(holds({ attribute: 'labels', op: 'eq', value: 'C2' })).toBe(true);
    expect(holds({ attribute: 'labels', op: 'in', value: ['C1', 'C3'] })).toBe(false);
  });

  it('combines list terms with all, any and not, and fails attribute terms without a recipient', () => {
    const rule = parseRule({
      all: [{ list: 'a' }, { attribute: 'consent.email', op: 'eq', value: true }, { not: { list: 'b' } }],
    });
    expect(evaluateRule(rule, { lists: new Set(['a']), recipient })).toBe(true);
    expect(evaluateRule(rule, { lists: new Set(['a', 'b']), recipient })).toBe(false);
    expect(evaluateRule(rule, { lists: new Set(['a']) })).toBe(false);
    expect(evaluateRule(parseRule({ any: [{ list: 'x' }, { list: 'a' }] }), { lists: new Set(['a']) })).toBe(
      true,
    );
  });
});
