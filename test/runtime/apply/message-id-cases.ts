/**
 * The differential of the message ids computed in SQL (apply/message-id-sql.ts)
 * against the JavaScript ones (calls/message-id.ts, build-call.ts): run on
 * each engine roster keeps state in (bookkeeping.test.ts) and on the
 * warehouse SQL translated to DuckDB (test/sql/translate/message-ids-executed.test.ts).
 */
import { expect } from 'vitest';
import {
  accountAnonymousIdHashSql,
  messageIdFromHashSql,
  messageIdHashSql,
  type MessageIdSqlOf,
} from '../../../src/runtime/apply/message-id-sql.js';
import { accountAnonymousId } from '../../../src/runtime/calls/build-call.js';
import { messageId } from '../../../src/runtime/calls/message-id.js';
import type { Warehouse } from '../../../src/runtime/warehouse.js';
import { seededRandom } from '../../support/seeded-random.js';

/** Ids with what JSON escaping and UTF-8 hashing can get wrong. */
export function awkwardId(r: () => number): string {
  const alphabet = [
    'a',
    'Z',
    '0',
    '"',
    '\\',
    '/',
    "'",
    '|',
    ' ',
    'é',
    '漢',
    '😀',
    '\u2028',
    '\u007f',
  ];
  for (let c = 1; c < 32; c++) alphabet.push(String.fromCharCode(c));
  const length = 1 + Math.floor(r() * 12);
  return Array.from({ length }, () => alphabet[Math.floor(r() * alphabet.length)] ?? 'a').join('');
}

/**
 * Compares the SQL message ids (with nothing known in advance, and with each
 * destination's known parts) and the group calls' anonymousIds with the
 * JavaScript ones for `count` awkward cases on `warehouse`; returns how many
 * ids were compared (it asserts every one).
 */
export async function compareMessageIds(
  warehouse: Warehouse,
  sql: MessageIdSqlOf,
  count: number,
): Promise<number> {
  const d = sql.dialect;
  const r = seededRandom(12);
  const cases = Array.from({ length: count }, (_, i) => ({
    project: i % 2 === 0 ? 'acme' : 'ac"me\\x',
    destination: i % 3 === 0 ? 'audit' : 'crm\tprod',
    sync: i % 4 === 3 ? 'we"ird\\sync\n' : 'at_risk->audit',
    call: ['group', 'identify', 'track'][i % 3] ?? 'group',
    member: awkwardId(r),
    transition: ['entered', 'exited', 'changed', 'removed'][i % 4] ?? 'entered',
    seq: 1 + Math.floor(r() * 1000),
    generation: 1 + (i % 3),
    // A trait's stored JSON text (strings quoted, awkward characters inside), or none.
    value: i % 5 === 0 ? null : i % 5 === 1 ? String(i * 1.5) : JSON.stringify(awkwardId(r)),
  }));
  let compared = 0;
  // One query per project (the project is a literal of the expression).
  for (const project of ['acme', 'ac"me\\x']) {
    const mine = cases.filter((c) => c.project === project);
    const rows = mine.map(
      (c, i) =>
        `SELECT ${i} AS i, ${d.stringLiteral(c.destination)} AS destination, ${d.stringLiteral(c.sync)} AS sync, ` +
        `${d.stringLiteral(c.call)} AS call, ${d.stringLiteral(c.member)} AS member_id, ${d.stringLiteral(c.transition)} AS transition, ` +
        `${c.seq} AS seq, ${c.generation} AS generation, ` +
        `${c.value === null ? d.cast('NULL', 'string') : d.stringLiteral(c.value)} AS value`,
    );
    const columns = {
      project,
      destination: 'x.destination',
      sync: 'x.sync',
      call: 'x.call',
      member: 'x.member_id',
      transition: 'x.transition',
      seq: 'x.seq',
      generation: 'x.generation',
      value: 'x.value',
    };
    // Also with the destination, some channels (an awkward sync among them) and some
    // transitions known in advance: those rows take the literal, the others the general path.
    const variants = [
      { hash: messageIdHashSql(sql, columns), where: '' },
      ...['audit', 'crm\tprod'].map((destination) => ({
        hash: messageIdHashSql(sql, {
          ...columns,
          known: {
            destination,
            channels: [
              { sync: 'at_risk->audit', call: 'group' },
              { sync: 'we"ird\\sync\n', call: 'track' },
              { sync: 'elsewhere', call: 'identify' },
            ],
            transitions: ['entered', 'exited'],
          },
        }),
        where: ` WHERE x.destination = ${d.stringLiteral(destination)}`,
      })),
    ];
    for (const { hash, where } of variants) {
      const got = await warehouse.query(
        `SELECT y.i, ${messageIdFromHashSql('y.h')} AS id FROM (SELECT x.i, ${hash} AS h FROM (${rows.join(' UNION ALL ')}) AS x${where}) AS y ORDER BY y.i`,
      );
      for (const row of got) {
        const c = mine[Number(row.i)];
        if (!c) throw new Error('no case');
        expect(row.id, JSON.stringify(c)).toBe(messageId(c));
        compared++;
      }
    }
  }
  // Each case twice: with nothing known, and with its destination's known parts.
  expect(compared).toBe(2 * cases.length);
  // The anonymousId of group calls, which delivery reads computed in SQL too.
  const members = cases.map((c) => c.member);
  const anonymous = await warehouse.query(
    `SELECT y.i, ${messageIdFromHashSql('y.h')} AS id FROM (SELECT x.i, ${accountAnonymousIdHashSql(sql, 'x.m')} AS h FROM (` +
      members.map((m, i) => `SELECT ${i} AS i, ${d.stringLiteral(m)} AS m`).join(' UNION ALL ') +
      `) AS x) AS y ORDER BY y.i`,
  );
  expect(anonymous.map((row) => String(row.id))).toEqual(members.map(accountAnonymousId));
  return compared + members.length;
}
