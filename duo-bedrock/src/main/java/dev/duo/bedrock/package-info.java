/**
 * The AWS Bedrock provider: {@link dev.duo.bedrock.BedrockProvider} serves models whose identifier
 * starts with {@code bedrock/} through the Converse and ConverseStream APIs of the AWS SDK for Java v2.
 * Users never call it directly: put duo-bedrock on the class path and the core finds it.
 */
package dev.duo.bedrock;
