const versionParts = /^v([1-9][0-9]*)(?:p[1-9][0-9]*)?(alpha|beta|test)?([0-9]*)$/;
const stabilityRank: Record<string, number> = { test: 0, alpha: 1, beta: 2, "": 3 };

/**
 * Orders package versions as releases follow each other: by major, then
 * `test` < `alpha` < `beta` < stable, then the number after the stability
 * (`v1alpha1` < `v1beta1` < `v1beta2` < `v1` < `v2`).
 */
export function compareVersions(a: string, b: string): number {
  const pa = versionParts.exec(a);
  const pb = versionParts.exec(b);
  if (pa === null || pb === null) return a.localeCompare(b);
  return (
    Number(pa[1]) - Number(pb[1]) ||
    (stabilityRank[pa[2] ?? ""] ?? 0) - (stabilityRank[pb[2] ?? ""] ?? 0) ||
    Number(pa[3] || 0) - Number(pb[3] || 0)
  );
}

/** The major number of a package version (`v2beta1` gives 2). */
export function majorVersion(version: string): number {
  return Number(/^v([0-9]+)/.exec(version)?.[1] ?? 0);
}
