import { CfnOutput, Fn, type Stack } from 'aws-cdk-lib';

/** What the stateless stack needs of the stateful one. */
export interface DataRefs {
  keyArn: string;
  tableName: string;
  bucketName: string;
  bucketArn: string;
}

/**
 * The data stack's explicit exports, and their import in the app stack. Named exports instead
 * of CDK's automatic cross-stack references: the contract between the two stacks is visible and
 * stable (`<DataStackName>:BucketArn`…), the app stack cannot grow a hidden dependency back onto
 * the data stack (the S3-notification cycle), and cdk-nag findings name a stable ARN.
 *
 * @example
 * DataRefs.exportFrom(dataStack, refs); const imported = DataRefs.importInto(dataStack.stackName);
 */
export const DataRefs = {
  /** `<dataStackName>:<name>`, also how cdk-nag prints an imported value in a finding. */
  exportName,
  exportFrom(stack: Stack, refs: DataRefs): void {
    for (const [name, value] of Object.entries(refs)) {
      new CfnOutput(stack, `Export${name}`, { value, exportName: exportName(stack.stackName, name) });
    }
  },
  importInto(dataStackName: string): DataRefs {
    const get = (name: keyof DataRefs) => Fn.importValue(exportName(dataStackName, name));
    return {
      keyArn: get('keyArn'),
      tableName: get('tableName'),
      bucketName: get('bucketName'),
      bucketArn: get('bucketArn'),
    };
  },
};

function exportName(stackName: string, name: string): string {
  return `${stackName}:${name}`;
}
