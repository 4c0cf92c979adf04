import { api } from './api.ts';

/** What `POST /v1/uploads` answers: one presigned PUT, or a multipart upload's presigned parts. */
export type UploadPlan =
  | { key: string; url: string }
  | { key: string; partSize: number; parts: Array<{ partNumber: number; url: string }>; completeUrl: string };

function put(url: string, body: Blob, onBytes: (sent: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    xhr.upload.onprogress = (e) => onBytes(e.loaded);
    xhr.onload = () =>
      xhr.status < 300
        ? resolve(xhr.getResponseHeader('etag') ?? '')
        : reject(new Error(`upload: HTTP ${xhr.status}`));
    xhr.onerror = () => reject(new Error('upload: the storage endpoint could not be reached'));
    xhr.send(body);
  });
}

/**
 * Uploads a file to the bucket through presigned links (multipart past the API's part size),
 * reporting bytes sent; the drop then triggers ingest like any other.
 */
export async function uploadDrop(file: File, key: string, onBytes: (sent: number) => void): Promise<void> {
  const plan = await api<UploadPlan>('POST', '/v1/uploads', { key, size: file.size });
  if ('url' in plan) {
    await put(plan.url, file, onBytes);
    return;
  }
  const done = new Map<number, number>();
  const report = () => onBytes([...done.values()].reduce((a, b) => a + b, 0));
  const etags: string[] = [];
  for (const part of plan.parts) {
    const start = (part.partNumber - 1) * plan.partSize;
    etags[part.partNumber - 1] = await put(part.url, file.slice(start, start + plan.partSize), (n) => {
      done.set(part.partNumber, n);
      report();
    });
  }
  const xml = `<CompleteMultipartUpload>${etags
    .map((etag, i) => `<Part><PartNumber>${i + 1}</PartNumber><ETag>${etag}</ETag></Part>`)
    .join('')}</CompleteMultipartUpload>`;
  const res = await fetch(plan.completeUrl, { method: 'POST', body: xml });
  if (!res.ok) throw new Error(`upload: completing the multipart upload answered HTTP ${res.status}`);
}
