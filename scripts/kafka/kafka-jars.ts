// The Apache Kafka broker's jars for the tests, from Maven Central with the machine's Maven
// (there is no Docker and no Debian package of the broker here): scripts/kafka/pom.xml names
// kafka_2.13, and its runtime dependencies are copied into the git-ignored .tools/kafka/, once.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execQuiet } from "../build/steps.js";

/** The folder of the broker's jars, inside `root`'s git-ignored `.tools/`. */
export function kafkaLibsDir(root: string): string {
  return join(root, ".tools", "kafka", "libs");
}

/**
 * Makes sure `.tools/kafka/libs` holds the jars of scripts/kafka/pom.xml, fetching them with
 * `mvn dependency:copy-dependencies` when the pom changed or they are missing (about 50 s and
 * 43 MB from a cold Maven cache, nothing after).
 *
 * @returns the folder of the jars, for `java -cp '<folder>/*'`.
 * @throws a failed command's error (with its exit status) when Maven cannot fetch them.
 */
export function ensureKafkaJars(root: string): { readonly libs: string; readonly fetched: boolean } {
  const pom = join(root, "scripts", "kafka", "pom.xml");
  const libs = kafkaLibsDir(root);
  const stamp = join(libs, "pom.sha256");
  const hash = createHash("sha256").update(readFileSync(pom)).digest("hex");
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === hash) return { libs, fetched: false };
  rmSync(libs, { recursive: true, force: true });
  execQuiet("mvn", ["-q", "-B", "-f", pom, "dependency:copy-dependencies", `-DoutputDirectory=${libs}`, "-DincludeScope=runtime"]);
  writeFileSync(stamp, hash);
  return { libs, fetched: true };
}
