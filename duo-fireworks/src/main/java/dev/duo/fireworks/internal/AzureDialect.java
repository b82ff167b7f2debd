package dev.duo.fireworks.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.duo.ConfigurationException;
import dev.duo.DuoException;
import dev.duo.ErrorContext;
import dev.duo.InvalidRequestException;
import dev.duo.ModelNotFoundException;
import dev.duo.model.SelfHostedModel;
import dev.duo.spi.ProviderContext;
import dev.duo.spi.RequestMode;
import java.io.IOException;
import java.net.URI;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * Azure OpenAI ({@code azure/<deployment>}): an OpenAI-compatible API with its own addressing,
 * credentials and error words.
 *
 * <p>Addressing, chosen from the model's settings:
 * <ul>
 *   <li>deployment style (the default): {@code endpoint} is the resource, such as
 *       {@code https://my-resource.openai.azure.com}, and requests go to
 *       {@code /openai/deployments/<deployment>/chat/completions?api-version=<api_version>}, with
 *       {@code api_version} defaulting to {@value #DEFAULT_API_VERSION} (the newest GA version
 *       when this was written);</li>
 *   <li>v1 style: {@code api_version: v1}, or an {@code endpoint} ending in {@code /openai/v1};
 *       requests go to {@code /openai/v1/chat/completions} with the deployment as {@code model}.</li>
 * </ul>
 * Credentials: the model's {@code api_key} goes in the {@code api-key} header, except a Microsoft
 * Entra ID access token (a JWT: three dot-separated base64url parts starting {@code eyJ}), which goes
 * as {@code Authorization: Bearer}. Both are masked in logs and redacted from messages as every key is.
 */
final class AzureDialect implements Dialect {

    /** The api-version sent when the model sets none. */
    static final String DEFAULT_API_VERSION = "2024-10-21";

    private static final Pattern DATED_VERSION = Pattern.compile("\\d{4}-\\d{2}-\\d{2}(-preview)?");
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");

    private final String modelName;
    private final String deployment;
    private final boolean v1;
    private final String apiVersion;      // null: none sent (v1 style)
    private final HttpUrl chat;
    private final HttpUrl text;
    private final String headerName;
    private final String headerValue;
    private final ErrorMapper errors;

    private AzureDialect(ProviderContext ctx, URI endpoint, ErrorMapper errors) {
        SelfHostedModel model = ctx.model();
        this.modelName = model.name();
        this.deployment = model.identifier().modelId();
        this.errors = errors;
        String configured = model.apiVersion().map(String::trim).orElse(null);
        String path = endpoint.getPath() == null ? "" : endpoint.getPath().replaceAll("/+$", "");
        boolean v1Endpoint = path.endsWith("/openai/v1");
        this.v1 = v1Endpoint || "v1".equalsIgnoreCase(configured);
        if (v1) {
            if (configured != null && !configured.equalsIgnoreCase("v1") && !configured.equalsIgnoreCase("preview")
                    && !configured.equalsIgnoreCase("latest")) {
                throw new ConfigurationException("model '" + modelName + "' uses Azure's /openai/v1/ API, which takes no"
                        + " dated api_version (got '" + configured + "'): remove api_version (or set it to v1), or use the"
                        + " resource URL as endpoint for the deployment style");
            }
            this.apiVersion = configured == null || configured.equalsIgnoreCase("v1") ? null : configured.toLowerCase(Locale.ROOT);
        } else {
            if (path.contains("/openai")) {
                throw new ConfigurationException("model '" + modelName + "' has endpoint " + endpoint + ": give the"
                        + " resource URL only, such as https://my-resource.openai.azure.com (the SDK adds"
                        + " /openai/deployments/" + deployment + "/...), or end it in /openai/v1 for the v1 API");
            }
            String v = configured == null ? DEFAULT_API_VERSION : configured;
            if (!DATED_VERSION.matcher(v).matches()) {
                throw new ConfigurationException("model '" + modelName + "' has api_version '" + v + "', which is not an"
                        + " Azure OpenAI api-version: write a date such as " + DEFAULT_API_VERSION + " (or 2025-04-01-preview),"
                        + " v1 for the /openai/v1/ API, or remove it for the default " + DEFAULT_API_VERSION);
            }
            this.apiVersion = v;
        }
        String s = endpoint.toString().replaceAll("/+$", "");
        HttpUrl root = HttpUrl.get(v1 ? (v1Endpoint ? s : s + "/openai/v1") : s + "/openai/deployments");
        HttpUrl.Builder base = root.newBuilder();
        if (!v1) {
            base.addPathSegment(deployment);
        }
        this.chat = withVersion(base.build().newBuilder().addPathSegments("chat/completions"));
        this.text = withVersion(base.build().newBuilder().addPathSegment("completions"));
        String key = ctx.apiKey().map(k -> k.reveal()).orElse(null);
        if (key == null) {
            this.headerName = null;
            this.headerValue = null;
        } else if (JWT.matcher(key).matches()) {
            this.headerName = "Authorization";
            this.headerValue = "Bearer " + key;
        } else {
            this.headerName = "api-key";
            this.headerValue = key;
        }
    }

    private HttpUrl withVersion(HttpUrl.Builder b) {
        if (apiVersion != null) {
            b.addQueryParameter("api-version", apiVersion);
        }
        return b.build();
    }

    /** The dialect for the context's model; the endpoint has passed {@link EndpointPolicy#check}. */
    static AzureDialect of(ProviderContext ctx, URI endpoint, ErrorMapper errors) {
        return new AzureDialect(ctx, endpoint, errors);
    }

    /** Whether requests use the /openai/v1/ API (the deployment is then sent as {@code model}). */
    boolean v1() {
        return v1;
    }

    @Override
    public HttpUrl url(RequestMode mode) {
        return mode == RequestMode.TEXT ? text : chat;
    }

    @Override
    public void authorize(Request.Builder request) {
        if (headerName != null) {
            request.header(headerName, headerValue);
        }
    }

    @Override
    public DuoException refine(int status, Headers headers, String body) {
        JsonNode error = errorObject(body);
        if (error == null) {
            return null;
        }
        String code = error.path("code").asText("");
        String said = errors.providerMessage(body);
        ErrorContext ctx = errors.context(status, ErrorMapper.requestId(headers)).build();
        if (code.equals("content_filter") || error.path("innererror").path("code").asText("").equals("ResponsibleAIPolicyViolation")) {
            String categories = filtered(error.path("innererror").path("content_filter_result"));
            return new InvalidRequestException("Azure OpenAI's content filter refused the prompt (HTTP " + status + ")"
                    + (categories.isEmpty() ? "" : ", filtered: " + categories) + ": " + said
                    + ". Rephrase the input, or change the deployment's content filter policy in Azure AI Foundry", null, ctx);
        }
        String lower = said == null ? "" : said.toLowerCase(Locale.ROOT);
        if (lower.contains("api version not supported") || lower.contains("api-version") && status == 400) {
            return new ConfigurationException("Azure OpenAI does not accept api_version '" + apiVersion + "' of model '"
                    + modelName + "' (HTTP " + status + ": " + said + "): set api_version to one the resource supports,"
                    + " such as " + DEFAULT_API_VERSION + ", or remove it for the default", null, ctx);
        }
        if (status == 404 && code.equals("DeploymentNotFound")) {
            return new ModelNotFoundException("Azure OpenAI has no deployment '" + deployment + "' (HTTP 404: " + said
                    + "): check the identifier azure/<deployment name> of model '" + modelName
                    + "' against the resource's deployments", null, ctx);
        }
        if (status == 404 && !v1) {
            return new ModelNotFoundException("Azure OpenAI found no such resource path (HTTP 404: " + said + "): check"
                    + " that endpoint is the resource URL (https://<resource>.openai.azure.com), that deployment '"
                    + deployment + "' exists, and that api_version '" + apiVersion + "' is right", null, ctx);
        }
        return null;
    }

    private static JsonNode errorObject(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode root = RequestBodies.JSON.readTree(body);
            JsonNode e = root == null ? null : root.get("error");
            return e != null && e.isObject() ? e : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    /** "hate=high, violence=medium" from a content_filter_result(s) object. */
    static String filtered(JsonNode results) {
        StringBuilder sb = new StringBuilder();
        if (results != null && results.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = results.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().path("filtered").asBoolean(false)) {
                    sb.append(sb.length() == 0 ? "" : ", ").append(e.getKey());
                    String severity = e.getValue().path("severity").asText("");
                    if (!severity.isEmpty()) {
                        sb.append('=').append(severity);
                    }
                }
            }
        }
        return sb.toString();
    }
}
