/**
 * The Duo SDK: call AI features on self-hosted models. Start at {@link dev.duo.DuoClient}: {@code DuoClient.forFeature("code_generation").generate(inputs)}. Answers are {@link dev.duo.Completion}s; every error is a {@link dev.duo.DuoException} subtype.
 */
package dev.duo;
