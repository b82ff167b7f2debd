/**
 * What only administrators and tools need, apart from the caller's API: the duo.yml store and
 * loader ({@link dev.duo.admin.DuoConfigStore}, {@link dev.duo.admin.DuoConfigLoader}), the
 * development catalog of models, prompt diagnostics ({@link dev.duo.admin.PromptLookup},
 * {@link dev.duo.admin.PromptListing}, {@link dev.duo.admin.PromptProblem}), the provenance of an
 * answer and who serves a feature ({@link dev.duo.admin.SettingProvider}). The {@code duo} command
 * line is built on these.
 *
 * <pre>{@code
 * try (DuoConfigStore store = DuoConfigStore.open(null, System.getenv(), Path.of("."))) {
 *     store.update(c -> c.features().set("duo_chat", SettingProvider.DISABLED));
 * }
 * }</pre>
 */
package dev.duo.admin;
