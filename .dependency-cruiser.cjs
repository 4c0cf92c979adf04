/**
 * The layering of audience-bridge, checked by `npm run lint` (docs/architecture.md explains it):
 * functions/ (one composition root per Lambda) → shared/ (the core: use cases, ports, domain,
 * and the store implementations behind the ports); infra/ reads only the core's declarations.
 * A broken rule fails the lint step naming the file, the import and the rule.
 */

/** Files allowed to import the AWS clients (the SDK, and `@aws-lite/client` for the batch calls): the store implementations behind the core's ports. */
const STORE_IMPLEMENTATIONS = [
  '^shared/[^/]+/(Dynamo|S3|Sqs|Kms)[A-Z][^/]*[.]ts$',
  '^shared/(stores|aws)/',
  // The DynamoDB list store's batching of member writes (its own module, as it says why it batches).
  '^shared/lists/RequestCoalescer[.]ts$',
];

/** What infra/ may read of the core: route declarations, schemas, constants and errors. */
const CORE_DECLARATIONS = [
  '^shared/http/(RouteDeclaration|routeTables|routes|schemas)[.]ts$',
  '^shared/[^/]+/(routes|schemas|SharedAudience)[.]ts$',
  '^shared/metrics/metricNames[.]ts$',
  '^shared/stores/(tableDefinition|personalDataTag)[.]ts$',
  '^shared/auth/scopes[.]ts$',
  '^shared/errors/',
  '^shared/identifiers/',
];

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle hides which module is the lower layer; split the shared part out.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-not-to-edge',
      severity: 'error',
      comment:
        'The core (shared/) never depends on handlers, infra, the local stack, the CLI or the bench; nor on the runtime (functions/runtime.ts): use cases get narrow ports from the edge.',
      from: { path: '^shared/' },
      to: { path: '^(functions|infra|local|cli|bench)/' },
    },
    {
      name: 'handlers-not-to-each-other',
      severity: 'error',
      comment: 'A function imports only its own folder, functions/middleware and the core.',
      from: { path: '^functions/([^/]+)/' },
      to: { path: '^functions/[^/]+/', pathNot: '^functions/($1|middleware)/' },
    },
    {
      name: 'infra-only-declarations',
      severity: 'error',
      comment: 'The CDK app reads route declarations and constants; it never loads a handler or a store.',
      from: { path: '^infra/' },
      to: { path: '^(shared|functions|local|cli|bench)/', pathNot: CORE_DECLARATIONS },
    },
    {
      name: 'infra-never-reaches-handlers',
      severity: 'error',
      comment: 'Nothing infra/ loads at `cdk synth` leads to a handler or an AWS client.',
      from: { path: '^infra/' },
      to: { path: ['^functions/', '@aws-sdk/', '@aws-lite/'], reachable: true },
    },
    {
      name: 'sdk-only-in-store-implementations',
      severity: 'error',
      comment: 'Only the S3/DynamoDB/SQS/KMS implementations of the ports import @aws-sdk/* or @aws-lite/*.',
      from: { path: '^(shared|functions)/', pathNot: STORE_IMPLEMENTATIONS },
      to: { path: '@aws-(sdk|lite)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
