/**
 * How prompt definitions are read, checked, parsed and rendered: the YAML schema, the Jinjava
 * engine set up as the GitLab AI gateway's sandboxed Jinja2 environment (its filters, the
 * {@code with} tag, includes parsed once at load), static variable analysis and version selection.
 * Internal: use {@link dev.duo.prompt.PromptRegistry} instead.
 */
package dev.duo.internal.prompt;
