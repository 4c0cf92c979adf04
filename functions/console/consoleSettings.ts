import type { ConsoleSettings } from './serveConsole.ts';

/**
 * The console's sign-in settings from the function's environment: the OpenID issuer and public
 * client the deployment trusts (CDK context `audience-bridge:consoleClientId`), and the bucket's
 * origin for presigned uploads. `localSignIn` is only ever true on the local stack.
 */
export function consoleSettings(env: NodeJS.ProcessEnv, localSignIn = false): ConsoleSettings {
  const issuer = env.AB_CONSOLE_OIDC_ISSUER;
  const clientId = env.AB_CONSOLE_CLIENT_ID;
  const bucketOrigin =
    env.AB_S3_ENDPOINT ??
    `https://${env.AB_BUCKET ?? 'audience-bridge'}.s3.${env.AWS_REGION ?? 'us-east-1'}.amazonaws.com`;
  return {
    localSignIn,
    ...(issuer && clientId
      ? {
          oidc: {
            issuer,
            clientId,
            scope:
              env.AB_CONSOLE_SCOPE ??
              'openid audiences:read audiences:write identities:read identities:write admin',
          },
        }
      : {}),
    connectOrigins: [new URL(bucketOrigin).origin, ...(issuer ? [new URL(issuer).origin] : [])],
  };
}
