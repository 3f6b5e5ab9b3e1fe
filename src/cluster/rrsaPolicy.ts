/**
 * RAM policy documents for RRSA (RAM Roles for Service Accounts): who may assume a role, and what
 * the OSS model reader may do. Plain data; the component serialises them with JSON.stringify.
 */

export interface RamPolicyStatement {
  readonly Effect: "Allow";
  readonly Action: string | readonly string[];
  readonly Principal?: { readonly Federated: readonly string[] };
  readonly Resource?: readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export interface RamPolicyDocument {
  readonly Version: "1";
  readonly Statement: readonly RamPolicyStatement[];
}

export interface ServiceAccountRef {
  readonly namespace: string;
  readonly name: string;
}

/** The audience ACK's RRSA tokens carry. */
export const RRSA_AUDIENCE = "sts.aliyuncs.com";

/**
 * Trust policy that lets exactly one Kubernetes ServiceAccount of one cluster assume the role:
 * the cluster's OIDC provider is the only principal, and issuer, audience and subject must all match.
 */
export function rrsaTrustPolicy(oidcProviderArn: string, oidcIssuerUrl: string, serviceAccount: ServiceAccountRef): RamPolicyDocument {
  return {
    Version: "1",
    Statement: [
      {
        Effect: "Allow",
        Action: "sts:AssumeRole",
        Principal: { Federated: [oidcProviderArn] },
        Condition: {
          StringEquals: {
            "oidc:aud": RRSA_AUDIENCE,
            "oidc:iss": oidcIssuerUrl,
            "oidc:sub": `system:serviceaccount:${serviceAccount.namespace}:${serviceAccount.name}`,
          },
        },
      },
    ],
  };
}

/**
 * Read-only access to one bucket, limited to `path` (the read-only policy ACK documents for OSS
 * volumes, narrowed to the mounted prefix): listing the bucket and reading objects under the prefix.
 */
export function ossReadOnlyPolicy(bucket: string, path: string): RamPolicyDocument {
  const prefix = path.replace(/^\/+/, "");
  return {
    Version: "1",
    Statement: [
      { Effect: "Allow", Action: ["oss:Get*", "oss:List*"], Resource: [`acs:oss:*:*:${bucket}`, `acs:oss:*:*:${bucket}/${prefix}*`] },
    ],
  };
}

/**
 * What the fetch Job's ossfs mount may do: list only under `prefix` (the `oss:Prefix` condition),
 * and read, write and delete objects under it (ossfs renames by copy and delete, uploads large files
 * in parts). Nothing outside the model's own folder, and nothing on the bucket itself.
 * Actions and the `oss:Prefix` condition key as OSS documents them for RAM policies
 * (https://www.alibabacloud.com/help/en/oss/user-guide/ram-policy-overview).
 */
export function ossPrefixWriterPolicy(bucket: string, prefix: string): RamPolicyDocument {
  const folder = `${prefix.replace(/^\/+|\/+$/g, "")}/`;
  return {
    Version: "1",
    Statement: [
      { Effect: "Allow", Action: ["oss:ListObjects"], Resource: [`acs:oss:*:*:${bucket}`], Condition: { StringLike: { "oss:Prefix": `${folder}*` } } },
      {
        Effect: "Allow",
        Action: ["oss:GetObject", "oss:PutObject", "oss:DeleteObject", "oss:AbortMultipartUpload", "oss:ListParts", "oss:GetObjectMeta"],
        Resource: [`acs:oss:*:*:${bucket}/${folder}*`],
      },
    ],
  };
}
