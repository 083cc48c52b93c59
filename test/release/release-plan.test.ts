// The release's decisions, without git or registries: every branch of planRelease, and the
// executor stopping at the first failing step. test/release/e2e/ runs the real actions.
import { describe, expect, it } from "vitest";
import { applyReleasePlan, planRelease, releaseActionOrder, type ReleaseAction, type ReleaseObservation } from "../../scripts/release/release-plan.js";

const observed: ReleaseObservation = {
  branchProblem: undefined,
  uncommitted: [],
  version: "1.2.0",
  pendingChangesets: ["brave-dogs-run.md"],
  onNpm: false,
  onPypi: false,
  tagged: false,
  credentials: { npm: true, pypi: true },
  dryRun: false,
};

const checks: ReleaseAction[] = ["clean", "build", "test", "check-npm", "check-pypi"];

describe("planRelease", () => {
  it("releases a new version when changesets are pending: bump, build, test, check, commit, publish to both, tag", () => {
    expect(planRelease(observed)).toEqual({ kind: "release", version: "1.2.0", bump: true, actions: releaseActionOrder });
  });

  it("ignores the registries and the tag when changesets are pending: the bump makes a new version", () => {
    expect(planRelease({ ...observed, onNpm: true, onPypi: true, tagged: true })).toMatchObject({ kind: "release", bump: true, actions: releaseActionOrder });
  });

  it("resumes a release that reached npm only: PyPI and the tag, no bump, no commit", () => {
    const plan = planRelease({ ...observed, pendingChangesets: [], onNpm: true });
    expect(plan).toEqual({ kind: "release", version: "1.2.0", bump: false, actions: [...checks, "publish-pypi", "tag"] });
  });

  it("resumes a release that reached PyPI only: npm and the tag", () => {
    const plan = planRelease({ ...observed, pendingChangesets: [], onPypi: true });
    expect(plan).toEqual({ kind: "release", version: "1.2.0", bump: false, actions: [...checks, "publish-npm", "tag"] });
  });

  it("only tags a version both registries have", () => {
    const plan = planRelease({ ...observed, pendingChangesets: [], onNpm: true, onPypi: true });
    expect(plan).toMatchObject({ kind: "release", actions: [...checks, "tag"] });
  });

  it("has nothing to release when the version is on both registries and tagged, with no changeset", () => {
    expect(planRelease({ ...observed, pendingChangesets: [], onNpm: true, onPypi: true, tagged: true })).toEqual({ kind: "nothing", version: "1.2.0" });
  });

  it("refuses a dirty tree, naming the first ten paths", () => {
    const uncommitted = Array.from({ length: 12 }, (_, i) => `file${i}.ts`);
    const plan = planRelease({ ...observed, uncommitted });
    expect(plan).toEqual({ kind: "refuse", reason: `the git tree has uncommitted changes, commit or stash them first: ${uncommitted.slice(0, 10).join(", ")}` });
  });

  it("refuses off the release branch, or on a detached HEAD, with the branch check's reason, before the tree", () => {
    const branchProblem = "the checked-out branch is feature/billing, not main: release from main, or pass --branch feature/billing";
    expect(planRelease({ ...observed, branchProblem, uncommitted: ["x"] })).toEqual({ kind: "refuse", reason: branchProblem });
  });

  it("refuses a registry it would publish to without credentials, unless it is a dry run", () => {
    expect(planRelease({ ...observed, credentials: { npm: false, pypi: true } })).toMatchObject({ kind: "refuse", reason: expect.stringMatching(/^NPM_TOKEN is not set/) });
    expect(planRelease({ ...observed, credentials: { npm: true, pypi: false } })).toMatchObject({ kind: "refuse", reason: expect.stringMatching(/^TWINE_USERNAME and TWINE_PASSWORD/) });
    expect(planRelease({ ...observed, credentials: { npm: false, pypi: false }, dryRun: true })).toMatchObject({ kind: "release", actions: releaseActionOrder });
    // Finishing PyPI only needs no npm credentials.
    expect(planRelease({ ...observed, pendingChangesets: [], onNpm: true, credentials: { npm: false, pypi: true } })).toMatchObject({ kind: "release" });
  });
});

describe("applyReleasePlan", () => {
  const plan = { kind: "release", version: "1.2.0", bump: true, actions: releaseActionOrder } as const;

  it("runs every action's step in the plan's order", async () => {
    const ran: string[] = [];
    const done = await applyReleasePlan(plan, (action) => action, async (step) => void ran.push(step));
    expect(ran).toEqual(releaseActionOrder);
    expect(done).toEqual(releaseActionOrder);
  });

  it("stops at a failing lint in the build: nothing after it runs, nothing is published", async () => {
    const ran: string[] = [];
    const failing = applyReleasePlan(
      plan,
      (action) => action,
      async (step) => {
        if (step === "build") throw new Error('step "buf lint" failed with exit status 100');
        ran.push(step);
      },
    );
    await expect(failing).rejects.toThrow("buf lint");
    expect(ran).toEqual(["clean", "bump"]);
  });

  it("asks for each step when its turn comes, after the steps before it ran", async () => {
    let version = "1.2.0";
    const titles: string[] = [];
    await applyReleasePlan(
      plan,
      (action) => ({ title: `${action} at ${version}`, run: () => (action === "bump" ? (version = "1.3.0") : undefined) }),
      async (step) => {
        titles.push(step.title);
        step.run();
      },
    );
    expect(titles.slice(0, 3)).toEqual(["clean at 1.2.0", "bump at 1.2.0", "build at 1.3.0"]);
  });
});
