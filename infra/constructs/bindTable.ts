import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { TABLE_KEYS } from '../../shared/stores/tableDefinition.ts';
import type { AbFunction } from './AbFunction.ts';
import { bindKey } from './bindKey.ts';

const READ = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'];
const WRITE = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

/**
 * Gives a function the single table: its name in `AB_TABLE` and item-level actions on the table
 * and its one GSI, named (no `index/*`, no Scan, no table management). The table's KMS key is
 * bound too, since reading or writing a customer-managed-key table needs it.
 *
 * @example
 * bindTable(scheduleFn, table, 'read');
 */
export function bindTable(fn: AbFunction, table: dynamodb.ITable, access: 'read' | 'readWrite'): void {
  fn.addEnvironment('AB_TABLE', table.tableName);
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      actions: access === 'read' ? READ : [...READ, ...WRITE],
      resources: [table.tableArn, `${table.tableArn}/index/${TABLE_KEYS.gsi1.name}`],
    }),
  );
  if (table.encryptionKey)
    bindKey(fn, table.encryptionKey, access === 'read' ? 'decrypt' : 'encryptDecrypt', 'dynamodb');
}
