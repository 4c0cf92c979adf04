import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DecryptCommand, GenerateDataKeyCommand } from '@aws-sdk/client-kms';
import { describe, expect, it } from 'vitest';
import { KmsSecretBox, type KmsSender, LocalSecretBox } from '../../../shared/secrets/index.ts';

const home = () => mkdtempSync(join(tmpdir(), 'ab-box-'));

describe('LocalSecretBox', () => {
  it('opens what it sealed and shares the key file between instances', async () => {
    const dir = home();
    const sealed = await new LocalSecretBox(dir).seal('{"keyHex":"00ff"}', 'dataSource/crm');
    expect(sealed.startsWith('local2:')).toBe(true);
    expect(sealed).not.toContain('00ff');
    expect(await new LocalSecretBox(dir).open(sealed, 'dataSource/crm')).toBe('{"keyHex":"00ff"}');
  });

  it('refuses a sealed value whose ciphertext was altered', async () => {
    const box = new LocalSecretBox(home());
    const sealed = await box.seal('secret', 'dataSource/crm');
    const at = sealed.lastIndexOf('.') + 1;
    const tampered = `${sealed.slice(0, at)}${sealed[at] === 'A' ? 'B' : 'A'}${sealed.slice(at + 1)}`;
    await expect(box.open(tampered, 'dataSource/crm')).rejects.toThrow(
      'sealed secret: cannot be opened with this key',
    );
  });

  it("refuses a data source's secret copied onto another data source", async () => {
    const box = new LocalSecretBox(home());
    const sealed = await box.seal('{"keyHex":"00ff"}', 'dataSource/partner_a');
    await expect(box.open(sealed, 'dataSource/partner_b')).rejects.toThrow(
      'sealed secret: cannot be opened with this key',
    );
    await expect(box.open(sealed, 'destination/partner_a')).rejects.toThrow('cannot be opened');
  });

  it('refuses a local key file readable by others', async () => {
    const dir = home();
    await new LocalSecretBox(dir).seal('x', 'dataSource/crm');
    chmodSync(join(dir, 'secrets.key'), 0o644);
    await expect(new LocalSecretBox(dir).seal('x', 'dataSource/crm')).rejects.toThrow(
      'secrets.key: readable by others (mode 0644); run chmod 600 on it',
    );
    chmodSync(join(dir, 'secrets.key'), 0o600);
    expect((await new LocalSecretBox(dir).seal('x', 'dataSource/crm')).startsWith('local2:')).toBe(true);
  });
});

describe('KmsSecretBox', () => {
  // KMS has no local emulator: a stand-in that wraps data keys by XOR and, as KMS does, refuses
  // a Decrypt whose encryption context differs from the one the key was generated with.
  function standIn(calls: unknown[]): KmsSender {
    const wrap = (b: Uint8Array) => Uint8Array.from(b, (x) => x ^ 0x5a);
    const contexts = new Map<string, string>();
    return {
      send: async (command: GenerateDataKeyCommand | DecryptCommand) => {
        calls.push([command.constructor.name, command.input.EncryptionContext]);
        const context = JSON.stringify(command.input.EncryptionContext ?? {});
        if ('KeySpec' in command.input) {
          const plain = Uint8Array.from({ length: 32 }, (_, i) => i);
          const blob = wrap(plain);
          contexts.set(Buffer.from(blob).toString('hex'), context);
          return { Plaintext: plain, CiphertextBlob: blob };
        }
        const blob = (command.input as { CiphertextBlob: Uint8Array }).CiphertextBlob;
        if (contexts.get(Buffer.from(blob).toString('hex')) !== context) {
          throw Object.assign(new Error('InvalidCiphertextException'), {
            name: 'InvalidCiphertextException',
          });
        }
        return { Plaintext: wrap(blob) };
      },
    } as unknown as KmsSender;
  }

  it('seals with a fresh data key bound to its owner and opens through Decrypt when the cache is cold', async () => {
    const calls: unknown[] = [];
    const kms = standIn(calls);
    const sealed = await new KmsSecretBox(kms, 'alias/test').seal('the key', 'dataSource/crm');
    expect(sealed.startsWith('kms2:')).toBe(true);
    expect(await new KmsSecretBox(kms, 'alias/test').open(sealed, 'dataSource/crm')).toBe('the key');
    const context = { 'audience-bridge:secret': 'dataSource/crm' };
    expect(calls).toEqual([
      ['GenerateDataKeyCommand', context],
      ['DecryptCommand', context],
    ]);
  });

  it("refuses a data source's secret copied onto another data source, cached data key or not", async () => {
    const kms = standIn([]);
    const box = new KmsSecretBox(kms, 'alias/test');
    const sealed = await box.seal('the key', 'dataSource/partner_a');
    // The sealing box caches the data key: the GCM additional data still names the owner.
    await expect(box.open(sealed, 'dataSource/partner_b')).rejects.toThrow('InvalidCiphertextException');
    await expect(new KmsSecretBox(kms, 'alias/test').open(sealed, 'dataSource/partner_b')).rejects.toThrow(
      'InvalidCiphertextException',
    );
  });
});
