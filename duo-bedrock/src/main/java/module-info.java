/**
 * The AWS Bedrock provider (Converse and ConverseStream through the AWS SDK v2), found by duo-core through ServiceLoader.
 *
 * <pre>{@code
 * module my.service {
 *     requires dev.duo.bedrock;
 * }
 * }</pre>
 */
module dev.duo.bedrock {
    requires transitive dev.duo.core;
    requires software.amazon.awssdk.services.bedrockruntime;
    requires software.amazon.awssdk.auth;
    requires software.amazon.awssdk.awscore;
    requires software.amazon.awssdk.core;
    requires software.amazon.awssdk.http;
    requires software.amazon.awssdk.http.auth.spi;
    requires software.amazon.awssdk.http.apache5;
    requires software.amazon.awssdk.http.nio.netty;
    requires software.amazon.awssdk.regions;
    requires software.amazon.awssdk.utils;
    requires org.reactivestreams;
    requires io.netty.common;
    requires io.netty.transport;

    exports dev.duo.bedrock;

    provides dev.duo.spi.ModelProvider with dev.duo.bedrock.BedrockProvider;
}
