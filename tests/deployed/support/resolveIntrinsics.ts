/** A CloudFormation template as synthesized (only the parts read here). */
export interface CfnTemplate {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
  Outputs?: Record<string, { Value: unknown; Export?: { Name: string } }>;
}

/** The account, region and partition the synthesized ARNs are made in (any fixed values do). */
export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';

export interface ResolveOptions {
  /** Physical name of a resource by logical ID (tests put the emulators' table and bucket here). */
  names?: Record<string, string>;
  /** A queue's URL by logical ID (tests point the workers' queues at their local stand-in). */
  queueUrls?: Record<string, string>;
}

/**
 * Replaces CloudFormation intrinsics (`Ref`, `Fn::GetAtt`, `Fn::Join`, `Fn::Sub`,
 * `Fn::ImportValue`, pseudo parameters) with the values a deployment would give them: each
 * resource gets a physical name (its logical ID, lower-cased for buckets, unless `names` says
 * otherwise) and ARNs in the shape its service uses. Imports are looked up in the other
 * templates' exports, so the app stack's policies name the data stack's real table, bucket and key.
 */
export class IntrinsicResolver {
  private readonly exports = new Map<string, { template: CfnTemplate; value: unknown }>();

  constructor(
    templates: readonly CfnTemplate[],
    private readonly options: ResolveOptions = {},
  ) {
    for (const template of templates) {
      for (const output of Object.values(template.Outputs ?? {})) {
        if (output.Export) this.exports.set(output.Export.Name, { template, value: output.Value });
      }
    }
  }

  /** `value` with every intrinsic replaced, as found in `template`. */
  resolve(template: CfnTemplate, value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.resolve(template, v));
    if (!value || typeof value !== 'object') return value;
    const entries = Object.entries(value);
    const [first] = entries;
    if (entries.length === 1 && first && (first[0] === 'Ref' || first[0].startsWith('Fn::'))) {
      return this.intrinsic(template, first[0], first[1]);
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, this.resolve(template, v)]));
  }

  /** `resolve` for a value that must come out a string. */
  string(template: CfnTemplate, value: unknown): string {
    const resolved = this.resolve(template, value);
    if (typeof resolved !== 'string') throw new Error(`not a string once resolved: ${JSON.stringify(value)}`);
    return resolved;
  }

  private intrinsic(template: CfnTemplate, name: string, arg: unknown): unknown {
    switch (name) {
      case 'Ref':
        return this.ref(template, String(arg));
      case 'Fn::GetAtt': {
        const [id, attribute] = Array.isArray(arg) ? arg : String(arg).split('.');
        return this.attribute(template, String(id), String(attribute));
      }
      case 'Fn::Join': {
        const [separator, parts] = arg as [string, unknown[]];
        return parts.map((p) => this.string(template, p)).join(separator);
      }
      case 'Fn::Sub': {
        const [text, vars] = (Array.isArray(arg) ? arg : [arg, {}]) as [string, Record<string, unknown>];
        return text.replace(/\$\{([^}]+)\}/g, (_, ref: string) => {
          if (ref in vars) return this.string(template, vars[ref]);
          const [id, attribute] = ref.split('.');
          return String(
            attribute ? this.attribute(template, String(id), attribute) : this.ref(template, ref),
          );
        });
      }
      case 'Fn::ImportValue': {
        const exported = this.exports.get(this.string(template, arg));
        if (!exported) throw new Error(`no stack exports ${JSON.stringify(arg)}`);
        return this.resolve(exported.template, exported.value);
      }
      case 'Fn::Select': {
        const [index, list] = arg as [number, unknown];
        return (this.resolve(template, list) as unknown[])[Number(index)];
      }
      case 'Fn::Split': {
        const [separator, text] = arg as [string, unknown];
        return this.string(template, text).split(separator);
      }
      default:
        throw new Error(`intrinsic ${name} is not resolved here`);
    }
  }

  private ref(template: CfnTemplate, id: string): string {
    const pseudo: Record<string, string> = {
      'AWS::Partition': 'aws',
      'AWS::Region': REGION,
      'AWS::AccountId': ACCOUNT,
      'AWS::URLSuffix': 'amazonaws.com',
      'AWS::StackName': 'stack',
    };
    const value = pseudo[id];
    if (value) return value;
    const type = this.typeOf(template, id);
    // Ref of a queue is its URL, of a key its key ID; of everything used here, its name.
    if (type === 'AWS::SQS::Queue') {
      return (
        this.options.queueUrls?.[id] ??
        `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${this.name(id, type)}`
      );
    }
    return this.name(id, type);
  }

  private attribute(template: CfnTemplate, id: string, attribute: string): string {
    const type = this.typeOf(template, id);
    const name = this.name(id, type);
    if (attribute === 'Arn') return arnOf(type, name);
    if (attribute === 'QueueName') return name;
    if (attribute === 'QueueUrl') return this.ref(template, id);
    throw new Error(`attribute ${id}.${attribute} is not resolved here`);
  }

  private typeOf(template: CfnTemplate, id: string): string {
    const resource = template.Resources[id];
    if (!resource) throw new Error(`no resource ${id}`);
    return resource.Type;
  }

  private name(id: string, type: string): string {
    return this.options.names?.[id] ?? (type === 'AWS::S3::Bucket' ? id.toLowerCase() : id);
  }
}

/** The ARN of a resource of `type` called `name`, as its service forms it. */
function arnOf(type: string, name: string): string {
  const [, service = 'unknown', kind = ''] = type.split('::');
  const regional = (resource: string) => `arn:aws:${service.toLowerCase()}:${REGION}:${ACCOUNT}:${resource}`;
  switch (type) {
    case 'AWS::S3::Bucket':
      return `arn:aws:s3:::${name}`;
    case 'AWS::IAM::Role':
      return `arn:aws:iam::${ACCOUNT}:role/${name}`;
    case 'AWS::SQS::Queue':
    case 'AWS::SNS::Topic':
      return regional(name);
    case 'AWS::DynamoDB::Table':
      return regional(`table/${name}`);
    case 'AWS::KMS::Key':
      return regional(`key/${name}`);
    case 'AWS::Logs::LogGroup':
      return regional(`log-group:${name}:*`);
    case 'AWS::Lambda::Function':
      return regional(`function:${name}`);
    default:
      return regional(`${kind.toLowerCase()}/${name}`);
  }
}
