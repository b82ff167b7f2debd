/**
 * Configuration: the {@code duo.yml} snapshot, how it is found and layered with the environment, and the feature settings with GitLab's rules.
 */
package dev.duo.config;
