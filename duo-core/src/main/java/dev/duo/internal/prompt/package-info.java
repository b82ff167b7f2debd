/**
 * How prompt definitions are read, checked, parsed and rendered: the YAML schema, a fast compiler
 * of our own for the small Jinja subset the bundled prompts use ({@code Fast*}: parsed from the
 * source text, rendered into one reused buffer, Jinjava never started for a prompt that fits), the
 * Jinjava engine set up as the GitLab AI gateway's sandboxed Jinja2 environment for everything else
 * (its filters, the {@code with} tag, includes parsed once at load), static variable analysis and
 * version selection.
 * Internal: use {@link dev.duo.prompt.PromptRegistry} instead.
 */
package dev.duo.internal.prompt;
