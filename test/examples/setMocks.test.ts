import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { AckCluster, llmfleetMocks, valueOf } from "../../index.js";

describe("llmfleet's components under the standard pulumi.runtime.setMocks pattern", () => {
  it("read an existing cluster's VPC and RRSA facts from llmfleetMocks instead of crashing on the ACK lookup", async () => {
    const created: string[] = [];
    const mocks = llmfleetMocks();
    pulumi.runtime.setMocks(
      {
        // A user's own mocks can wrap llmfleet's to watch what is created.
        newResource: (args) => (created.push(args.type), mocks.newResource(args)),
        call: (args) => mocks.call(args),
      },
      "team-a",
      "test",
      false,
    );
    const cluster = new AckCluster("team-a", { production: false, existingCluster: { clusterId: "c0123456789abcdef", nodeVswitchIds: ["vsw-a", "vsw-b"] } });
    expect(await valueOf(cluster.vpcId)).toBe("c0123456789abcdef-vpc-id");
    expect(await valueOf(cluster.rrsaOidcProviderArn)).toBe("acs:ram::1234567890:oidc-provider/ack-rrsa-c0123456789abcdef");
    expect(await valueOf(cluster.clusterId)).toBe("c0123456789abcdef");
    expect(await valueOf(cluster.k8sProvider.urn)).toMatch(/pulumi:providers:kubernetes::team-a-k8s$/);
    expect(created).toEqual(expect.arrayContaining(["llmfleet:index:AckCluster", "pulumi:providers:kubernetes"]));
  });
});
