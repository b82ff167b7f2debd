package dev.duo.vertex.internal;

import dev.duo.ConfigurationException;
import dev.duo.fireworks.internal.EndpointPolicy;
import dev.duo.model.ModelFamily;
import dev.duo.model.SelfHostedModel;
import dev.duo.spi.ProviderContext;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where one Vertex AI model's requests go, decided once when its client is made: project, region,
 * publisher (Anthropic for Claude, Google for Gemini), model id and base URL, each checked so that a
 * mistake is a {@link ConfigurationException} naming the fix instead of a puzzling HTTP error.
 *
 * <p>Project: the model's {@code project}, else {@code VERTEXAI_PROJECT}, else
 * {@code GOOGLE_CLOUD_PROJECT}, else the service account's own project. Region: the model's
 * {@code region} / {@code location}, else {@code VERTEXAI_LOCATION}, else {@code GOOGLE_CLOUD_LOCATION}.
 * Base URL: the model's {@code endpoint}, else {@code https://<region>-aiplatform.googleapis.com}
 * ({@code https://aiplatform.googleapis.com} for the {@code global} region).
 *
 * @param project the Google Cloud project id
 * @param region the region, such as {@code us-east5}, or {@code global}
 * @param publisher {@code anthropic} or {@code google}
 * @param modelId the publisher model id, such as {@code claude-sonnet-4@20250514}
 * @param base the base URL, without a trailing slash
 */
record VertexTarget(String project, String region, String publisher, String modelId, String base) {

    static final String ANTHROPIC = "anthropic";
    static final String GOOGLE = "google";

    // What Google allows in these names; anything else would also let a value escape its path segment.
    private static final Pattern PROJECT = Pattern.compile("[a-z][a-z0-9-]{4,61}[a-z0-9]|[a-z0-9.:-]{1,100}");
    private static final Pattern REGION = Pattern.compile("[a-z]+(-[a-z0-9]+)*");
    private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,127}");

    /** The model's target; {@code credentialsProject} is the service account's project, or null. */
    static VertexTarget of(ProviderContext ctx, String credentialsProject) {
        SelfHostedModel m = ctx.model();
        Map<String, String> env = ctx.environment();
        String where = "model '" + m.name() + "' (" + m.identifier() + ")";
        String modelId = m.identifier().modelId();
        if (!MODEL.matcher(modelId).matches()) {
            throw new ConfigurationException(where + ": '" + modelId + "' is not a Vertex AI model id: write"
                    + " vertex_ai/<model>, such as vertex_ai/claude-sonnet-4@20250514 or vertex_ai/gemini-2.0-flash-001");
        }
        String project = first(m.project().orElse(null), env.get("VERTEXAI_PROJECT"), env.get("GOOGLE_CLOUD_PROJECT"),
                credentialsProject);
        if (project == null) {
            throw new ConfigurationException(where + " has no project: set project: <your Google Cloud project id> on"
                    + " the model (or VERTEXAI_PROJECT in the environment)");
        }
        if (!PROJECT.matcher(project).matches()) {
            throw new ConfigurationException(where + " has project '" + project + "', which is not a Google Cloud"
                    + " project id (lower-case letters, digits and hyphens, such as my-project-123)");
        }
        String region = first(m.region().orElse(null), env.get("VERTEXAI_LOCATION"), env.get("GOOGLE_CLOUD_LOCATION"));
        if (region == null) {
            throw new ConfigurationException(where + " has no region: set region (or location) on the model to the"
                    + " Google Cloud region serving it, such as us-east5 for Claude or us-central1 for Gemini"
                    + " (or VERTEXAI_LOCATION in the environment)");
        }
        if (!REGION.matcher(region).matches()) {
            throw new ConfigurationException(where + " has region '" + region + "', which is not a Google Cloud region"
                    + " (such as us-east5, europe-west1 or global)");
        }
        String publisher = publisher(m, modelId, where);
        String base = base(ctx, region, where);
        return new VertexTarget(project, region, publisher, modelId, base);
    }

    private static String publisher(SelfHostedModel m, String modelId, String where) {
        String id = modelId.toLowerCase(Locale.ROOT);
        if (id.startsWith("claude")) {
            return ANTHROPIC;
        }
        if (id.startsWith("gemini") || id.startsWith("gemma")) {
            return GOOGLE;
        }
        if (m.family() == ModelFamily.CLAUDE_3) {
            return ANTHROPIC;
        }
        if (m.family() == ModelFamily.GEMINI) {
            return GOOGLE;
        }
        throw new ConfigurationException(where + ": the Vertex AI provider serves Anthropic Claude and Google Gemini"
                + " models; '" + modelId + "' is neither (its id starts with neither claude nor gemini and its family is "
                + m.family().id() + "): use family claude_3 or gemini, or an id such as claude-sonnet-4@20250514");
    }

    private static String base(ProviderContext ctx, String region, String where) {
        SelfHostedModel m = ctx.model();
        if (m.endpoint().isEmpty()) {
            return region.equals("global") ? "https://aiplatform.googleapis.com" : "https://" + region + "-aiplatform.googleapis.com";
        }
        URI e = m.endpoint().get();
        String scheme = e.getScheme() == null ? "" : e.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("http") && !EndpointPolicy.isLoopback(e.getHost()) && !m.allowInsecureEndpoint()) {
            throw new ConfigurationException(where + " would send its Google access token over plain HTTP to " + e
                    + ": use an https:// endpoint, or set allow_insecure_endpoint: true on the model if the network"
                    + " to that host is trusted");
        }
        if (!ctx.customModelsEnabled() && !isGoogle(e) && !EndpointPolicy.onAllowlist(e, ctx.customEndpointAllowlist())) {
            throw new ConfigurationException("custom models are disabled (custom_models_enabled: false), so " + where
                    + " may not call " + e + ": add it to custom_endpoint_allowlist, set custom_models_enabled: true,"
                    + " or remove endpoint to use Vertex AI's own (https://" + region + "-aiplatform.googleapis.com)");
        }
        String s = e.toString().replaceAll("/+$", "");
        return s.endsWith("/v1") ? s.substring(0, s.length() - 3) : s;
    }

    /** Google's own Vertex AI hosts (regional, global, private service connect names end the same way). */
    private static boolean isGoogle(URI e) {
        String host = e.getHost() == null ? "" : e.getHost().toLowerCase(Locale.ROOT);
        return "https".equalsIgnoreCase(e.getScheme())
                && (host.equals("aiplatform.googleapis.com") || host.endsWith("-aiplatform.googleapis.com"));
    }

    /** The URL of one method, such as {@code rawPredict} or {@code streamGenerateContent?alt=sse}. */
    String url(String method) {
        return base + "/v1/projects/" + project + "/locations/" + region + "/publishers/" + publisher + "/models/"
                + modelId + ":" + method;
    }

    boolean claude() {
        return publisher.equals(ANTHROPIC);
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }
}
