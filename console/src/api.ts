import { session } from './auth.ts';

/** An API error answer: `{error: {code, message}}`, with the field its message names. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  /** The field before the message's first `: ` (`body.aes.keyHex` → `aes.keyHex`), if any. */
  get field(): string | undefined {
    const head = /^([\w.[\]-]+): /.exec(this.message)?.[1];
    return head?.replace(/^(body|query|params)\./, '');
  }
}

/** Calls the public HTTP API with the signed-in bearer token; JSON in and out. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { authorization: `Bearer ${session()?.token ?? ''}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  const data = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    const error = data?.error ?? {};
    throw new ApiError(res.status, error.code ?? 'error', error.message ?? `HTTP ${res.status}`);
  }
  return data as T;
}

/** A path segment, encoded the way the API's path parameters expect. */
export const seg = (value: string) => encodeURIComponent(value);
