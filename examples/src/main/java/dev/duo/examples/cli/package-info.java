/**
 * The {@code duo} command line: set up models and feature settings in duo.yml, check that every
 * feature resolves ({@code duo verify}) and call features ({@code duo generate}, {@code duo chat}).
 * {@link dev.duo.examples.cli.DuoCommand} is the root; its subcommands are registered in one place.
 */
package dev.duo.examples.cli;
