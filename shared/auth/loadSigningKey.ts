import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';

/** Algorithm of the local signing key. */
export const LOCAL_SIGNING_ALG = 'ES256';

/** File name of the local signing key under `AB_HOME`. */
export const SIGNING_KEY_FILE = 'signing-key.json';

/** The local key pair as stored: both halves as JWK, with the key ID they share. */
export interface SigningKey {
  kid: string;
  alg: typeof LOCAL_SIGNING_ALG;
  privateJwk: JWK;
  publicJwk: JWK;
}

function read(path: string): SigningKey | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const stored = JSON.parse(text) as SigningKey;
  if (!stored.privateJwk?.d || !stored.publicJwk?.x || typeof stored.kid !== 'string') {
    throw new Error(`${path}: not an audience-bridge signing key; delete it to make a new one`);
  }
  return stored;
}

/**
 * The local stack's token signing key: an ES256 pair kept as JWK in `<home>/signing-key.json`
 * (mode 0600), made on first use. `audience-bridge dev` verifies with it and `audience-bridge token`
 * signs with it, so both must see the same `AB_HOME`. A concurrent first use is safe: the file is
 * created exclusively and the loser reads the winner's key.
 *
 * @example
 * const key = await loadSigningKey('.audience-bridge');
 */
export async function loadSigningKey(home: string): Promise<SigningKey> {
  const path = join(home, SIGNING_KEY_FILE);
  const existing = read(path);
  if (existing) return existing;
  mkdirSync(home, { recursive: true });
  const pair = await generateKeyPair(LOCAL_SIGNING_ALG, { extractable: true });
  const kid = `local-${Date.now().toString(36)}`;
  const key: SigningKey = {
    kid,
    alg: LOCAL_SIGNING_ALG,
    privateJwk: { ...(await exportJWK(pair.privateKey)), kid, alg: LOCAL_SIGNING_ALG },
    publicJwk: { ...(await exportJWK(pair.publicKey)), kid, alg: LOCAL_SIGNING_ALG, use: 'sig' },
  };
  try {
    writeFileSync(path, `${JSON.stringify(key, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(path, 0o600);
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const winner = read(path);
    if (!winner) throw error;
    return winner;
  }
}
