package dev.duo.internal.client;

import dev.duo.MissingCredentialsException;
import dev.duo.config.AiGatewaySettings;
import dev.duo.config.DuoConfig;
import dev.duo.config.FeatureSettings;
import dev.duo.feature.Feature;
import dev.duo.feature.FeatureSetting;
import dev.duo.admin.SettingProvider;
import dev.duo.model.ModelIdentifier;
import dev.duo.model.Secret;
import dev.duo.model.SelfHostedModel;
import dev.duo.call.CallContext;
import dev.duo.spi.ModelClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves a feature the AI gateway serves ({@code vendored}, or {@code self_hosted} with
 * {@code via: ai_gateway}): GitLab's rules still apply to a routed model (family, beta opt-in),
 * no local prompt is chosen, and the client is the one {@code ai_gateway} client of the
 * configured gateway, checked and built like any model's.
 *
 * <p>The call context names the routed model on platform {@code ai_gateway} (so provenance,
 * metrics and logs say both which model answered and that the gateway served it) and keeps that
 * model's deadlines; a vendored feature gets the gateway's own deadlines. The gateway token and the
 * routed model's key are both secrets the call's logs redact.
 */
final class GatewayResolution {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayResolution.class);

    private GatewayResolution() {
    }

    static ResolvedFeature resolve(Feature feature, FeatureSetting setting, DuoConfig config, FeatureSettings settings,
            ModelClientCache clients) {
        AiGatewaySettings gateway = config.aiGateway().orElseThrow();
        SelfHostedModel endpoint = gateway.asEndpoint();
        SelfHostedModel routed = null;
        Secret routedKey = null;
        if (setting.provider() == SettingProvider.SELF_HOSTED) {
            routed = config.models().get(setting.model());
            settings.checkAllowed(feature, routed);
            if (!routed.params().isEmpty()) {
                LOG.warn("model '{}' serves {} through the AI gateway, whose prompt API takes no model parameters:"
                        + " its params {} are not sent (the gateway's prompt definition sets them)",
                        routed.name(), feature.key(), routed.params());
            }
        } else {
            settings.checkBeta(feature);
        }
        Secret token = null;
        if (!clients.overridden()) {
            token = gatewayToken(gateway, endpoint, clients);
            routedKey = routed == null ? null : clients.apiKeyOf(routed);
        }
        GatewayRoute route = new GatewayRoute(feature, routed, routedKey);
        ModelClient client = clients.clientFor(endpoint, config);
        CallContext.Builder context = CallContext.builder(routed == null ? endpoint : throughGateway(routed))
                .feature(feature.key())
                .prompt(route.describe());
        if (token != null) {
            context.secret(token);
        }
        if (routedKey != null) {
            context.secret(routedKey);
        }
        return new ResolvedFeature(feature, routed == null ? endpoint : routed, null, client, context.build(), route);
    }

    /**
     * The token, resolved now so that an unset variable fails this feature naming the setting.
     *
     * @throws MissingCredentialsException naming ai_gateway.token and the variable
     */
    private static Secret gatewayToken(AiGatewaySettings gateway, SelfHostedModel endpoint, ModelClientCache clients) {
        try {
            return clients.apiKeyOf(endpoint);
        } catch (MissingCredentialsException e) {
            String variable = gateway.token().flatMap(t -> t.variable()).orElse("AIGW_TOKEN");
            throw new MissingCredentialsException("ai_gateway.token cannot be used: the environment variable " + variable
                    + " is not set: export " + variable + "=<the gateway's token> before calling the AI gateway", e,
                    dev.duo.ErrorContext.NONE);
        }
    }

    /** The routed model as the call context shows it: its own name, family and deadlines, on platform ai_gateway. */
    static SelfHostedModel throughGateway(SelfHostedModel routed) {
        return routed.toBuilder().identifier(ModelIdentifier.AI_GATEWAY + "/" + routed.identifier().raw()).build();
    }
}
