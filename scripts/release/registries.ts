import { spawnSync } from "node:child_process";
import { indexProjectName, isPythonArtifactOf } from "./package-files.js";

/** The npm registry `npm publish` and `npm view` use when NPM_CONFIG_REGISTRY is unset. */
export const defaultNpmRegistry = "https://registry.npmjs.org/";

/** The package index that says which versions PyPI has when PIP_INDEX_URL is unset. */
export const defaultPipIndex = "https://pypi.org/simple/";

/**
 * Where the release publishes, read from the tools' own environment variables:
 * npm's NPM_CONFIG_REGISTRY and NPM_TOKEN, twine's TWINE_REPOSITORY_URL,
 * TWINE_USERNAME and TWINE_PASSWORD, and pip's PIP_INDEX_URL.
 */
export interface Registries {
  /** The npm registry, ending in `/`. */
  readonly npmRegistry: string;
  /** The npm token, handed to npm for {@link npmRegistry} only. */
  readonly npmToken: string | undefined;
  /** Where twine uploads; undefined means twine's own default, PyPI. */
  readonly twineRepositoryUrl: string | undefined;
  /** Whether TWINE_USERNAME and TWINE_PASSWORD are both set. */
  readonly twineCredentials: boolean;
  /** The TWINE_* variables that are set, to hand to `twine upload`. */
  readonly twineEnv: Readonly<Record<string, string>>;
  /** The simple index that shows what the upload target already has, ending in `/`. */
  readonly pipIndex: string;
  /**
   * Whether the CI can hand out an OpenID Connect token (GitHub Actions with `id-token: write`
   * sets ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN): npm and twine then
   * publish by trusted publishing without NPM_TOKEN or TWINE_PASSWORD, and npm signs the
   * package's provenance.
   */
  readonly oidc: boolean;
}

const twineKeys = ["TWINE_REPOSITORY_URL", "TWINE_USERNAME", "TWINE_PASSWORD"] as const;

/**
 * The environment variables {@link readRegistries} reads. The release removes them from its
 * own environment once read, so the build and the tests, which install from the public
 * registries, never see the release's registries or credentials.
 */
export const registryEnvKeys: readonly string[] = ["NPM_CONFIG_REGISTRY", "npm_config_registry", "NPM_TOKEN", ...twineKeys, "PIP_INDEX_URL"];

/** Reads the registries from an environment. */
export function readRegistries(env: NodeJS.ProcessEnv): Registries {
  return {
    npmRegistry: withSlash(nonEmpty(env["NPM_CONFIG_REGISTRY"] ?? env["npm_config_registry"]) ?? defaultNpmRegistry),
    npmToken: nonEmpty(env["NPM_TOKEN"]),
    twineRepositoryUrl: nonEmpty(env["TWINE_REPOSITORY_URL"]),
    twineCredentials: nonEmpty(env["TWINE_USERNAME"]) !== undefined && nonEmpty(env["TWINE_PASSWORD"]) !== undefined,
    twineEnv: Object.fromEntries(
      twineKeys.flatMap((key) => {
        const value = nonEmpty(env[key]);
        return value === undefined ? [] : [[key, value]];
      }),
    ),
    pipIndex: withSlash(nonEmpty(env["PIP_INDEX_URL"]) ?? defaultPipIndex),
    oidc: nonEmpty(env["ACTIONS_ID_TOKEN_REQUEST_URL"]) !== undefined && nonEmpty(env["ACTIONS_ID_TOKEN_REQUEST_TOKEN"]) !== undefined,
  };
}

/**
 * The environment entry that gives npm a token for one registry only, the form
 * `//host/path/:_authToken` that .npmrc uses, as an `npm_config_` variable.
 */
export function npmAuthEnv(registry: string, token: string): Record<string, string> {
  const url = new URL(registry);
  return { [`npm_config_//${url.host}${withSlash(url.pathname)}:_authToken`]: token };
}

/**
 * Whether the npm registry has `name@version`, asked with `npm view`.
 *
 * @throws when npm fails for another reason than a missing package.
 */
export function npmHasVersion(registries: Registries, name: string, version: string): boolean {
  const env = { ...process.env, NPM_CONFIG_REGISTRY: registries.npmRegistry };
  const auth = registries.npmToken === undefined ? {} : npmAuthEnv(registries.npmRegistry, registries.npmToken);
  const result = spawnSync("npm", ["view", `${name}@${version}`, "version", "--json"], {
    encoding: "utf8",
    env: { ...env, ...auth },
  });
  if (result.error !== undefined) throw result.error;
  if (result.status === 0) return result.stdout.trim() !== "";
  if (/E404|404 Not Found/.test(result.stdout + result.stderr)) return false;
  throw new Error(`npm view ${name}@${version} on ${registries.npmRegistry} failed:\n${result.stdout}${result.stderr}`);
}

/**
 * Whether the Python package index has a wheel or an sdist of the distribution `name` at
 * `version`, read from its simple API page (PEP 503), which lives under the normalized name.
 *
 * @throws when the index answers neither the page nor 404.
 */
export async function pypiHasVersion(registries: Registries, name: string, version: string): Promise<boolean> {
  const page = new URL(`${indexProjectName(name)}/`, registries.pipIndex);
  const response = await fetch(page, { headers: { Accept: "text/html" } });
  if (response.status === 404) return false;
  if (!response.ok) throw new Error(`${page.href} answered ${response.status} ${response.statusText}`);
  const html = await response.text();
  return [...html.matchAll(/>\s*([^<>\s]+)\s*</g)].some((match) => isPythonArtifactOf(match[1] ?? "", name, version));
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}

function withSlash(url: string): string {
  return url.endsWith("/") ? url : `${url}/`;
}
