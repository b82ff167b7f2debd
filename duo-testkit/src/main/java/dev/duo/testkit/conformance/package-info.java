/**
 * A provider-agnostic JUnit 5 conformance suite: every provider's {@code ModelClient}, pointed at
 * its protocol-faithful fake server, must answer, stream, honour parameters and map every failure
 * the same way. A provider's test extends {@link dev.duo.testkit.conformance.ModelClientConformanceTest}.
 */
package dev.duo.testkit.conformance;
