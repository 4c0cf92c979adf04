import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { PayloadTooLargeError } from '../../../shared/errors/index.ts';
import { batchWrite, itemSize, MAX_ITEM_BYTES, oversize } from '../../../shared/stores/index.ts';
import { useDynamoTables } from '../../helpers/dynamoTables.ts';

describe('itemSize', () => {
  it('counts names and strings in UTF-8 bytes, numbers by significant digits, containers with overhead', () => {
    expect(itemSize({ pk: { S: 'R#é' } }).bytes).toBe(2 + 4);
    expect(itemSize({ n: { N: '12345' } }).bytes).toBe(1 + 4);
    expect(itemSize({ n: { N: '-0.00120' } }).bytes).toBe(1 + 2);
    expect(itemSize({ b: { BOOL: true }, z: { NULL: true } }).bytes).toBe(2 + 2);
    // A map: 3 bytes, then per entry 1 byte, its name and its value.
    expect(itemSize({ m: { M: { ab: { S: '€' } } } }).bytes).toBe(1 + 3 + 1 + 2 + 3);
    expect(itemSize({ l: { L: [{ S: 'x' }, { N: '7' }] } }).bytes).toBe(1 + 3 + (1 + 1) + (1 + 2));
  });

  it('names the field that makes up most of the item, following it down through maps', () => {
    const big = { S: 'x'.repeat(1000) };
    expect(
      itemSize({ pk: { S: 'R#1' }, recipient: { M: { email: { S: 'a' }, attributes: { M: { a: big } } } } })
        .largest,
    ).toBe('recipient.attributes.a');
    const spread = Object.fromEntries(Array.from({ length: 4 }, (_, i) => [`a${i}`, big]));
    expect(itemSize({ recipient: { M: { attributes: { M: spread } } } }).largest).toBe(
      'recipient.attributes',
    );
  });
});

describe('oversize', () => {
  it('clears an item below the limit by its bound, and counts exactly only one that might be over', () => {
    expect(oversize({ pk: { S: 'M#aam.1#3' }, sk: { S: 'r#9' }, v: { N: '5' } })).toBeUndefined();
    // 200,000 ASCII characters: bounded at 600,000 bytes, counted exactly at 200,000 + 1.
    expect(oversize({ t: { S: 'x'.repeat(200_000) } })).toBeUndefined();
    // Exactly at the limit is allowed; one byte more is not.
    expect(oversize({ t: { S: 'x'.repeat(MAX_ITEM_BYTES - 1) } })).toBeUndefined();
    expect(oversize({ t: { S: 'x'.repeat(MAX_ITEM_BYTES) } })).toEqual({
      bytes: MAX_ITEM_BYTES + 1,
      largest: 't',
    });
    expect(oversize({ pk: { S: 'R#1' }, l: { L: [{ S: '€'.repeat(140_000) }] } })).toEqual({
      bytes: 2 + 3 + 1 + (3 + 1 + 420_000),
      largest: 'l',
    });
  });
});

describe('guardItemSize', () => {
  const tables = useDynamoTables();

  it('refuses an item over 400 KB in UTF-8 before sending it, though the emulator would take it', async () => {
    const table = await tables.create('size');
    // 140,000 three-byte characters: 140,000 UTF-16 units, 420,000 UTF-8 bytes.
    const Item = { pk: 'big', sk: 'X', text: '€'.repeat(140_000) };
    const put = tables.ddb.send(new PutCommand({ TableName: table, Item }));
    await expect(put).rejects.toBeInstanceOf(PayloadTooLargeError);
    await expect(put).rejects.toThrow(`text: expected a stored item of at most ${MAX_ITEM_BYTES} bytes`);
    expect(
      (await tables.ddb.send(new GetCommand({ TableName: table, Key: { pk: 'big', sk: 'X' } }))).Item,
    ).toBeUndefined();
    const fits = { ...Item, text: '€'.repeat(136_000) };
    await tables.ddb.send(new PutCommand({ TableName: table, Item: fits }));
  });

  it('refuses a batch write whole when one of its items is over the limit', async () => {
    const table = await tables.create('size');
    const small = { PutRequest: { Item: { pk: 'small', sk: 'X' } } };
    const large = { PutRequest: { Item: { pk: 'large', sk: 'X', text: '€'.repeat(140_000) } } };
    await expect(batchWrite(tables.ddb, table, [small, large])).rejects.toBeInstanceOf(PayloadTooLargeError);
    expect(
      (await tables.ddb.send(new GetCommand({ TableName: table, Key: { pk: 'small', sk: 'X' } }))).Item,
    ).toBeUndefined();
  });
});
