import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { beforeAll, describe, expect, it } from "vitest";
import { settle, startMockSession, valueOf, type MockSession } from "../../src/preview/recorder.js";
import { REDACTED } from "../../src/preview/decode.js";

class Box extends pulumi.ComponentResource {
  readonly password: pulumi.Output<string>;
  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super("llmfleet:test:Box", name, {}, opts);
    const password = new random.RandomPassword(`${name}-pw`, { length: 24, special: false }, { parent: this });
    this.password = password.result;
    new random.RandomId(`${name}-id`, { byteLength: 4, keepers: { secret: pulumi.secret("hunter2") } }, { parent: this });
    this.registerOutputs({ password: this.password });
  }
}

describe("recording mock engine", () => {
  let session: MockSession;
  beforeAll(async () => {
    session = startMockSession("llmfleet", "test");
    const box = new Box("box");
    await valueOf(box.password);
    await settle();
  });

  it("records each resource with its parent", () => {
    const component = session.resources.find((r) => r.type === "llmfleet:test:Box");
    const password = session.resources.find((r) => r.type === "random:index/randomPassword:RandomPassword");
    expect(component?.parentUrn).toBeNull();
    expect(password?.parentUrn).toBe(component?.urn);
    expect(password?.inputs).toMatchObject({ length: 24, special: false });
  });

  it("redacts secret inputs but keeps them for assertions", () => {
    const id = session.resources.find((r) => r.type === "random:index/randomId:RandomId");
    expect(id?.inputs).toMatchObject({ keepers: { secret: REDACTED } });
    expect(id?.plainInputs).toMatchObject({ keepers: { secret: "hunter2" } });
    expect(id?.secretPaths).toEqual(["keepers.secret"]);
  });
});
