import type { ObjectLinks } from '../objects/ObjectLinks.ts';
import type { Job } from './Job.ts';
import { type JobFileKind, jobFilesOf } from './jobFilesOf.ts';

/** Links handed to a browser live five minutes: long enough to click, too short to share around. */
export const LINK_SECONDS = 300;

export interface JobFiles {
  files: Array<{ kind: JobFileKind; key: string; url: string; bytes: number }>;
  expiresAt: string;
  /** An export's `.info` control file, parsed (file names, sizes, counts: no personal data). */
  info?: unknown;
}

/**
 * The files a job wrote that exist, each with a short-lived download link, and an export's
 * control file read inline (the console shows it when an export finishes).
 *
 * @example
 * const { files } = await listJobFiles(job, links, new Date());
 */
export async function listJobFiles(job: Job, links: ObjectLinks, now: Date): Promise<JobFiles> {
  const candidates = jobFilesOf(job);
  const sizes = await Promise.all(candidates.map((file) => links.sizeOf(file.key)));
  const present = candidates.flatMap((file, i) => {
    const bytes = sizes[i];
    return bytes === undefined ? [] : [{ ...file, bytes }];
  });
  const files = await Promise.all(
    present.map(async (file) => ({ ...file, url: await links.downloadUrl(file.key, LINK_SECONDS) })),
  );
  const control = files.find((file) => file.kind === 'control');
  return {
    files,
    expiresAt: new Date(now.getTime() + LINK_SECONDS * 1000).toISOString(),
    ...(control ? { info: JSON.parse(await links.readText(control.key)) } : {}),
  };
}
