import { describe, expect, it } from 'vitest';
import { SourceFile } from '../../src/diagnostics/source.js';
import {
  applyTestConfig,
  generatedMessageId,
  loadTestFile,
  mapProgramRange,
  parseInstant,
  programSource,
} from '../../src/project/index.js';
import type { ProjectConfig } from '../../src/project/index.js';

const text = [
  '# a test', //                                                            line 1
  'now: "2026-06-30T02:00:00+02:00"', //                                    line 2
  'config: { events: { scope: group_context } }', //                        line 3
  'program: |', //                                                          line 4
  '  audience x = account where any user did "Logged In"', //               line 5
  '', //                                                                    line 6
  '  trait n = user count "Logged In"', //                                  line 7
  'data:', //                                                               line 8
  '  accounts:', //                                                         line 9
  '    - { id: a1, plan: pro, seats: null }', //                            line 10
  '  users:', //                                                            line 11
  '    - { id: u1 }', //                                                    line 12
  '  memberships:', //                                                      line 13
  '    - { user: u1, account: a1 }', //                                     line 14
  '  screens:', //                                                          line 15
  '    - { user: u1, at: "2026-06-02", properties: { name: Home } }', //    line 16
  '  tracks:', //                                                           line 17
  '    - { user: u1, event: Logged In, at: "2026-06-20T10:00:00Z" }', //    line 18
  '    - { user: u1, event: Logged In, at: "2026-06-21T10:00:00Z", message_id: zz, group_id: a1 }',
  '    - { user: u1, event: Logged In, at: "2026-06-22" }', //              line 20
  '  pages:', //                                                            line 21
  '    - { user: u1, at: "2026-06-01T10:00:00.5Z" }', //                    line 22
  'expect:', //                                                             line 23
  '  audiences:', //                                                        line 24
  '    x: [a1]', //                                                         line 25
  '  traits:', //                                                           line 26
  '    n: { u1: 3 }', //                                                    line 27
  '',
].join('\n');

describe('loadTestFile', () => {
  const file = new SourceFile('/p/cases/x.test.yml', text);
  const { testCase, diagnostics } = loadTestFile(file);

  it('loads now (normalised to UTC), config overrides and expectations', () => {
    expect(diagnostics).toEqual([]);
    expect(testCase!.file).toBe('/p/cases/x.test.yml');
    expect(testCase!.now).toBe('2026-06-30T00:00:00.000Z');
    expect(testCase!.config).toEqual({ events: { scope: 'group_context' } });
    expect(testCase!.expect.audiences).toEqual([
      {
        name: 'x',
        ids: ['a1'],
        range: file.range(file.lineStarts[24]! + 4, file.lineStarts[24]! + 5),
      },
    ]);
    expect(testCase!.expect.traits.map((t) => [t.name, t.values, t.range.start.line])).toEqual([
      ['n', { u1: 3 }, 27],
    ]);
  });

  it('keeps entity traits (null = missing) and memberships', () => {
    expect(testCase!.data.accounts.map((a) => [a.id, a.traits, a.range.start.line])).toEqual([
      ['a1', { plan: 'pro', seats: null }, 10],
    ]);
    expect(testCase!.data.users.map((u) => [u.id, u.traits])).toEqual([['u1', {}]]);
    expect(testCase!.data.memberships.map((m) => [m.user, m.account])).toEqual([['u1', 'a1']]);
  });

  it('numbers rows without message_id in file order across tracks, pages and screens', () => {
    // File order: screens (line 16), tracks (18, 19 has its own id, 20), pages (22).
    expect(testCase!.data.screens.map((e) => [e.kind, e.messageId, e.at, e.properties])).toEqual([
      ['screen', 'm000001', '2026-06-02T00:00:00.000Z', { name: 'Home' }],
    ]);
    expect(
      testCase!.data.tracks.map((e) => [e.kind, e.event, e.messageId, e.groupId, e.at]),
    ).toEqual([
      ['track', 'Logged In', 'm000002', undefined, '2026-06-20T10:00:00.000Z'],
      ['track', 'Logged In', 'zz', 'a1', '2026-06-21T10:00:00.000Z'],
      ['track', 'Logged In', 'm000003', undefined, '2026-06-22T00:00:00.000Z'],
    ]);
    expect(testCase!.data.pages.map((e) => [e.kind, e.messageId, e.at, e.properties])).toEqual([
      ['page', 'm000004', '2026-06-01T10:00:00.500Z', {}],
    ]);
  });

  it('generated ids sort in file order by code point, widening past 999999 rows', () => {
    expect(generatedMessageId(9, 10)).toBe('m000009');
    expect(generatedMessageId(10, 10) > generatedMessageId(9, 10)).toBe(true);
    expect(generatedMessageId(12, 1234567)).toBe('m0000012');
  });

  it('keeps the program text exactly and maps its ranges back into the file', () => {
    const program = testCase!.program!;
    expect(program.text).toBe(
      'audience x = account where any user did "Logged In"\n\ntrait n = user count "Logged In"\n',
    );
    expect(program.exact).toBe(true);
    // The first content line starts at line 5, column 3.
    expect(file.position(program.programOffset)).toMatchObject({ line: 5, column: 3 });
    // `n` in `trait n` is at offset 6 of the program's third line.
    const offset = program.text.indexOf('trait n') + 6;
    const programFile = new SourceFile('<program>', program.text);
    const mapped = mapProgramRange(file, program, programFile.range(offset, offset + 1));
    expect(mapped).toMatchObject({
      file: '/p/cases/x.test.yml',
      start: { line: 7, column: 9 },
      end: { line: 7, column: 10 },
    });
    expect(file.line(7).slice(8, 9)).toBe('n');
  });

  it('programSource gives the program in the test file coordinates', () => {
    const source = programSource(file, testCase!.program!);
    expect(source.path).toBe(file.path);
    expect(source.text.length).toBe(file.text.length);
    expect(source.line(5)).toBe('  audience x = account where any user did "Logged In"');
    expect(source.line(7)).toBe('  trait n = user count "Logged In"');
    expect(source.line(2).trim()).toBe('');
    expect(source.line(18).trim()).toBe('');
  });

  it('maps a one-line quoted program too', () => {
    const f = new SourceFile(
      '/t.test.yml',
      'now: "2026-06-30"\nprogram: "audience y = user where beta is true"\nexpect: { audiences: { y: [] } }\n',
    );
    const { testCase: t } = loadTestFile(f);
    expect(t!.program).toMatchObject({ text: 'audience y = user where beta is true', exact: true });
    expect(f.position(t!.program!.programOffset)).toMatchObject({ line: 2, column: 11 });
  });
});

describe('applyTestConfig', () => {
  it('overrides events.scope and nothing else', () => {
    const config = { name: 'p', events: { scope: 'all_accounts' } } as unknown as ProjectConfig;
    expect(applyTestConfig(config, { events: { scope: 'group_context' } })).toEqual({
      name: 'p',
      events: { scope: 'group_context' },
    });
    expect(applyTestConfig(config, {})).toEqual(config);
  });
});

describe('parseInstant', () => {
  it.each([
    ['2026-06-30', '2026-06-30T00:00:00.000Z'],
    ['2026-06-30T12:00:00Z', '2026-06-30T12:00:00.000Z'],
    ['2026-06-30T12:00Z', '2026-06-30T12:00:00.000Z'],
    ['2026-06-30T12:00:00', '2026-06-30T12:00:00.000Z'],
    ['2026-06-30 12:00:00z', '2026-06-30T12:00:00.000Z'],
    ['2026-06-30T12:00:00.123456Z', '2026-06-30T12:00:00.123Z'],
    ['2026-06-30T01:00:00+02:00', '2026-06-29T23:00:00.000Z'],
    ['2026-06-30T01:00:00-0530', '2026-06-30T06:30:00.000Z'],
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
    // Years below 100 are those years, not 1900 + year (Date.UTC's legacy rule).
    ['0026-06-30', '0026-06-30T00:00:00.000Z'],
    ['0004-02-29', '0004-02-29T00:00:00.000Z'],
  ])('%s is %s', (input, expected) => {
    expect(parseInstant(input)).toBe(expected);
  });

  it.each([
    '2026-02-29',
    '2026-13-01',
    '2026-06-31',
    '2026-06-30T24:00:00Z',
    '2026-06-30T12:60Z',
    'yesterday',
    '30/06/2026',
    '2026-6-30',
    '',
    // 1900 was no leap year, but the year 0 is not 1900.
    '0003-02-29',
  ])('%s is not an instant', (input) => {
    expect(parseInstant(input)).toBeUndefined();
  });
});
