import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DecryptCommand, GenerateDataKeyCommand } from '@aws-sdk/client-kms';
import { describe, expect, it } from 'vitest';
import { KmsSecretBox, type KmsSender, LocalSecretBox } from '../../../shared/secrets/index.ts';

describe('LocalSecretBox', () => {
  it('opens what it sealed and shares the key file between instances', async () => {
    const home = mkdtempSync(join(tmpdir(), 'ab-box-'));
    const sealed = await new LocalSecretBox(home).seal('{"keyHex":"00ff"}');
    expect(sealed.startsWith('local1:')).toBe(true);
    expect(sealed).not.toContain('00ff');
    expect(await new LocalSecretBox(home).open(sealed)).toBe('{"keyHex":"00ff"}');
  });

  it('refuses a sealed value whose ciphertext was altered', async () => {
    const box = new LocalSecretBox(mkdtempSync(join(tmpdir(), 'ab-box-')));
    const sealed = await box.seal('secret');
    const at = sealed.lastIndexOf('.') + 1;
    const tampered = `${sealed.slice(0, at)}${sealed[at] === 'A' ? 'B' : 'A'}${sealed.slice(at + 1)}`;
    await expect(box.open(tampered)).rejects.toThrow('sealed secret: cannot be opened with this key');
  });
});

describe('KmsSecretBox', () => {
  it('seals with a fresh data key and opens through Decrypt when the cache is cold', async () => {
    // KMS has no local emulator: a stand-in that wraps data keys by XOR, enough to test the envelope.
    const calls: string[] = [];
    const wrap = (b: Uint8Array) => Uint8Array.from(b, (x) => x ^ 0x5a);
    const kms = {
      send: async (command: GenerateDataKeyCommand | DecryptCommand) => {
        calls.push(command.constructor.name);
        if ('KeySpec' in command.input) {
          const plain = Uint8Array.from({ length: 32 }, (_, i) => i);
          return { Plaintext: plain, CiphertextBlob: wrap(plain) };
        }
        return { Plaintext: wrap((command.input as { CiphertextBlob: Uint8Array }).CiphertextBlob) };
      },
    } as unknown as KmsSender;
    const sealed = await new KmsSecretBox(kms, 'alias/test').seal('the key');
    expect(sealed.startsWith('kms1:')).toBe(true);
    expect(await new KmsSecretBox(kms, 'alias/test').open(sealed)).toBe('the key');
    expect(calls).toEqual(['GenerateDataKeyCommand', 'DecryptCommand']);
  });
});
