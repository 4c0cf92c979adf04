import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The AWS CLI, with s3rver's credentials; fails loudly when it is not installed. */
export async function aws(endpoint: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run('aws', ['--endpoint-url', endpoint, ...args], {
      env: {
        ...process.env,
        AWS_ACCESS_KEY_ID: 'S3RVER',
        AWS_SECRET_ACCESS_KEY: 'S3RVER',
        AWS_DEFAULT_REGION: 'us-east-1',
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      },
    });
    return stdout;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(
        'the AWS CLI (`aws`) is required by this test and was not found on PATH: install it (pip install awscli)',
      );
    }
    throw error;
  }
}
