/**
 * `build` runs on the first call, and every later call gets what it built. Repositories hold their
 * prepared statements this way: built when first needed (a Worker builds its repositories per request
 * and uses few of them), then kept as long as the repository, which lives as long as its database.
 */
export function onFirstUse<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => {
    built ??= { value: build() };
    return built.value;
  };
}
