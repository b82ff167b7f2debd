/**
 * Prompt definitions in the GitLab AI gateway's layout ({@code <prompt id>/<family>/<semver>.yml}):
 * the registry that loads bundled and user prompts and selects one per model family and version
 * constraint, and the templates that render a feature call's inputs into messages.
 */
package dev.duo.prompt;
