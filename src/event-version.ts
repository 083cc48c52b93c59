/**
 * A protobuf package's version suffix as buf's PACKAGE_VERSION_SUFFIX rule
 * accepts it: `v1`, `v2`, `v1beta1`, `v1alpha`, `v1test`.
 */
const versionSuffix = /^v[1-9][0-9]*(?:(?:alpha|beta)[1-9]?[0-9]*|p[1-9][0-9]*(?:alpha|beta)[1-9]?[0-9]*|test[0-9]*)?$/;

/**
 * Returns the version of a protobuf package, its last segment when that is a
 * version suffix (`user.v1` gives `v1`), or undefined when the package has none.
 *
 * An event's version is its package's version, so every event schema lives in
 * a versioned package such as `user.v1`.
 */
export function packageVersion(packageName: string): string | undefined {
  const last = packageName.slice(packageName.lastIndexOf(".") + 1);
  return packageName.includes(".") && versionSuffix.test(last) ? last : undefined;
}
