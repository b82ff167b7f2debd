/**
 * The evaluation harness's machinery: the rating parser, the run journal, the parallel runner,
 * the JSON and HTML report writers and the secret scrubber. Not public API.
 */
package dev.duo.eval.internal;
