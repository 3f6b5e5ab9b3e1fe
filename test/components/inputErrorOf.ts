import * as pulumi from "@pulumi/pulumi";

/** The InputPropertyError a component constructor throws (fails the test if it throws anything else). */
export function inputErrorOf(construct: () => unknown): pulumi.InputPropertyError {
  try {
    construct();
  } catch (error) {
    if (error instanceof pulumi.InputPropertyError) return error;
    throw error;
  }
  throw new Error("expected an InputPropertyError");
}
