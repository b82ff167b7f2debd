/**
 * JMH benchmarks of Duo side by side with the raw clients (OkHttp, the AWS SDK) and LangChain4j,
 * against a minimal loopback server; {@link dev.duo.benchmarks.Main} runs the whole comparison and
 * prints the table the README shows. Never published.
 */
package dev.duo.benchmarks;
