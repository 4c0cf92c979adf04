import { ValidationError } from '../shared/errors/index.ts';
import type { LocalStackOptions } from './startLocalStack.ts';

/**
 * Reads the contract's `AB_*` variables into `startLocalStack` options, with the contract's
 * defaults (CONTRACT.md "The local stack").
 *
 * @example
 * await startLocalStack(localStackOptionsFromEnv(process.env));
 */
export function localStackOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): LocalStackOptions {
  const port = (name: string, fallback: number) => {
    const value = env[name];
    if (value === undefined || value === '') return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0 || n > 65535)
      throw new ValidationError(`${name}: expected a port number 0-65535`, { field: name });
    return n;
  };
  return {
    home: env.AB_HOME || '.audience-bridge',
    memory: env.AB_MEMORY === '1' || env.AB_MEMORY === 'true',
    port: port('AB_PORT', 3000),
    s3Port: port('AB_S3_PORT', 4569),
    dynamodbPort: port('AB_DYNAMODB_PORT', 8000),
    ...(env.AB_S3_ENDPOINT ? { s3Endpoint: env.AB_S3_ENDPOINT } : {}),
    ...(env.AB_DYNAMODB_ENDPOINT ? { dynamodbEndpoint: env.AB_DYNAMODB_ENDPOINT } : {}),
    bucket: env.AB_BUCKET || 'audience-bridge',
    schedule: env.AB_SCHEDULE || 'rate(1 hour)',
    env,
  };
}
