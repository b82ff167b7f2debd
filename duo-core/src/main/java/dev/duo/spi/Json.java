package dev.duo.spi;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one JSON configuration of the SDK, for providers, the testkit and the tools alike: Jackson's
 * defaults (unknown properties fail a data-bound read, nothing is indented) with the read limits
 * written down here, so that a body from outside is bounded the same way everywhere.
 *
 * <pre>{@code
 * private static final ObjectMapper JSON = Json.mapper();
 * JsonNode body = JSON.readTree(text);
 * String pretty = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body);
 * }</pre>
 */
public final class Json {

    /** The deepest nesting of objects and arrays read (Jackson's own default, stated). */
    public static final int MAX_NESTING_DEPTH = 1000;

    private Json() {
    }

    /**
     * A new mapper with the SDK's configuration. Mappers are thread-safe once configured: keep one
     * in a {@code static final} field and do not reconfigure it after its first use.
     *
     * @return a new mapper
     */
    public static ObjectMapper mapper() {
        JsonMapper mapper = JsonMapper.builder().build();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH).build());
        return mapper;
    }
}
