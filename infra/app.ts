import { App, Validations } from 'aws-cdk-lib';
// cdk-nag is CommonJS whose named exports Node's ESM loader cannot see: take them from the default.
import cdkNag from 'cdk-nag';
import { buildApp } from './buildApp.ts';

/**
 * `npx cdk synth` entry (cdk.json "app"): the two stacks, validated by cdk-nag AwsSolutions at
 * synth (an unacknowledged finding fails the synth).
 */
const app = new App();
buildApp(app);
Validations.of(app).addPlugins(new cdkNag.AwsSolutionsChecks(app, { verbose: true }));
app.synth();
