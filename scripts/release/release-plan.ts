// The release as a plan, decided before anything is done (as changesets splits
// assemble-release-plan from apply-release-plan): `planRelease` is a pure function from what
// the preflight observed to what the release will do, and `applyReleasePlan` carries a plan out
// through actions it is given. Both are tested without git or registries; the end-to-end test
// against verdaccio and pypiserver runs the real actions (scripts/release/release.ts).

/** What the preflight observed of the repository and the registries. */
export interface ReleaseObservation {
  /** Why the branch cannot be released (not the release branch, a detached HEAD), or undefined. */
  readonly branchProblem: string | undefined;
  /** The paths git sees changed, staged or untracked. */
  readonly uncommitted: readonly string[];
  /** package.json's version. */
  readonly version: string;
  /** The pending changesets, by file name. */
  readonly pendingChangesets: readonly string[];
  /** Whether npm has the package at `version` (asked only when no changeset is pending). */
  readonly onNpm: boolean;
  /** Whether the Python index has the distribution at `version` (asked only when no changeset is pending). */
  readonly onPypi: boolean;
  /** Whether the tag `v<version>` exists (asked only when no changeset is pending). */
  readonly tagged: boolean;
  /** Whether npm publish and twine upload have credentials (a token, or trusted publishing). */
  readonly credentials: { readonly npm: boolean; readonly pypi: boolean };
  /** Whether this is a dry run: no credentials are needed, and the actions commit, publish and tag nothing. */
  readonly dryRun: boolean;
}

/** One thing the release does, in the order of {@link releaseActionOrder}. */
export type ReleaseAction = "clean" | "bump" | "build" | "test" | "check-npm" | "check-pypi" | "commit" | "publish-npm" | "publish-pypi" | "tag";

/** The order every plan's actions keep. */
export const releaseActionOrder: readonly ReleaseAction[] = [
  "clean",
  "bump",
  "build",
  "test",
  "check-npm",
  "check-pypi",
  "commit",
  "publish-npm",
  "publish-pypi",
  "tag",
];

/** What the release will do. */
export type ReleasePlan =
  | { readonly kind: "refuse"; readonly reason: string }
  | { readonly kind: "nothing"; readonly version: string }
  | { readonly kind: "release"; readonly version: string; readonly bump: boolean; readonly actions: readonly ReleaseAction[] };

const trusted = "or run in a CI that offers trusted publishing (GitHub Actions with `id-token: write`)";

/**
 * Decides the release from what was observed:
 * - a branch problem or an uncommitted change refuses it;
 * - pending changesets release a new version: bump it, build, test, check, commit, publish to
 *   both registries and tag;
 * - without changesets, the version package.json has is finished where it is missing (a
 *   release that stopped half way): only the publishing and tagging not yet done, no bump and
 *   no commit; with nothing missing, there is nothing to release;
 * - a real release refuses up front when a registry it will publish to has no credentials.
 */
export function planRelease(observed: ReleaseObservation): ReleasePlan {
  if (observed.branchProblem !== undefined) return { kind: "refuse", reason: observed.branchProblem };
  if (observed.uncommitted.length > 0) {
    return { kind: "refuse", reason: `the git tree has uncommitted changes, commit or stash them first: ${observed.uncommitted.slice(0, 10).join(", ")}` };
  }
  const bump = observed.pendingChangesets.length > 0;
  const needNpm = bump || !observed.onNpm;
  const needPypi = bump || !observed.onPypi;
  const needTag = bump || !observed.tagged;
  if (!needNpm && !needPypi && !needTag) return { kind: "nothing", version: observed.version };
  if (!observed.dryRun && needNpm && !observed.credentials.npm) {
    return { kind: "refuse", reason: `NPM_TOKEN is not set: npm publish needs it, ${trusted}` };
  }
  if (!observed.dryRun && needPypi && !observed.credentials.pypi) {
    return { kind: "refuse", reason: `TWINE_USERNAME and TWINE_PASSWORD must be set: twine upload needs them, ${trusted}` };
  }
  const wanted = new Set<ReleaseAction>(["clean", "build", "test", "check-npm", "check-pypi"]);
  if (bump) wanted.add("bump").add("commit");
  if (needNpm) wanted.add("publish-npm");
  if (needPypi) wanted.add("publish-pypi");
  if (needTag) wanted.add("tag");
  return { kind: "release", version: observed.version, bump, actions: releaseActionOrder.filter((a) => wanted.has(a)) };
}

/**
 * Carries out a release plan: each action's step (from `stepOf`, asked when its turn comes, so
 * that a title can name the version the bump set) through `run`, in order, stopping at the
 * first that throws. A dry run's actions themselves report instead of committing, publishing
 * or tagging.
 *
 * @returns the actions done.
 * @throws what a step throws.
 */
export async function applyReleasePlan<S>(
  plan: Extract<ReleasePlan, { kind: "release" }>,
  stepOf: (action: ReleaseAction) => S,
  run: (step: S) => Promise<void>,
): Promise<ReleaseAction[]> {
  const done: ReleaseAction[] = [];
  for (const action of plan.actions) {
    await run(stepOf(action));
    done.push(action);
  }
  return done;
}
