import type { Job } from './Job.ts';

/**
 * A job as the API shows it: never its checkpoint, which holds resume state and, for an inline
 * export, the whole definition it was started with, nor a big drop's cut into ranges (pipeline
 * state) (CONTRACT.md `GET /v1/jobs`).
 *
 * @example
 * return { status: 200, body: publicJob(job) };
 */
export function publicJob(job: Job): Omit<Job, 'checkpoint' | 'ranges'> {
  const { checkpoint: _checkpoint, ranges: _ranges, ...visible } = job;
  return visible;
}
