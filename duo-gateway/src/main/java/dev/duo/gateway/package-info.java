/**
 * Serving features through a running GitLab AI gateway: {@link dev.duo.gateway.AiGatewayProvider}
 * (platform {@code ai_gateway}) and {@link dev.duo.gateway.AiGatewayProbe} ({@code duo verify --probe}).
 */
package dev.duo.gateway;
