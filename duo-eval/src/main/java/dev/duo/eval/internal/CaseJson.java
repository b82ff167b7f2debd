package dev.duo.eval.internal;

import dev.duo.spi.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.duo.eval.CaseResult;
import dev.duo.eval.EvalCase;
import dev.duo.eval.Score;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A case result as JSON (the journal's lines and the JSON report's cases), and back. */
public final class CaseJson {

    /** The mapper every eval file is written with. */
    public static final ObjectMapper MAPPER = Json.mapper();

    private CaseJson() {
    }

    /** The JSON of a result. */
    public static ObjectNode toJson(CaseResult r) {
        ObjectNode n = MAPPER.createObjectNode();
        EvalCase c = r.evalCase();
        n.put("id", c.id());
        n.put("line", c.line());
        n.set("inputs", MAPPER.valueToTree(c.inputs()));
        c.reference().ifPresent(ref -> n.put("reference", ref));
        n.set("tags", MAPPER.valueToTree(c.tags()));
        n.put("response", r.response());
        ObjectNode s = n.putObject("score");
        r.score().rating().ifPresent(x -> s.put("rating", x));
        s.put("passed", r.score().passed());
        s.put("unscored", r.score().unscored());
        s.put("reason", r.score().reason());
        n.put("latency_ms", r.latencyMillis());
        if (r.error() != null) {
            n.put("error", r.error());
        }
        return n;
    }

    /** A result read back. */
    public static CaseResult fromJson(JsonNode n) {
        Map<String, Object> inputs = new LinkedHashMap<>();
        n.get("inputs").fields().forEachRemaining(e -> inputs.put(e.getKey(), JsonlCases.toValue(e.getValue())));
        List<String> tags = new ArrayList<>();
        n.path("tags").forEach(t -> tags.add(t.asText()));
        EvalCase c = new EvalCase(n.get("id").asText(), n.path("line").asLong(), inputs,
                n.hasNonNull("reference") ? n.get("reference").asText() : null, tags);
        JsonNode s = n.get("score");
        String reason = s.path("reason").asText("");
        Score score = s.path("unscored").asBoolean() ? Score.unscored(reason)
                : s.hasNonNull("rating") ? Score.rated(s.get("rating").asInt(), reason)
                : Score.of(s.path("passed").asBoolean(), reason);
        return new CaseResult(c, n.path("response").asText(""), score, n.path("latency_ms").asLong(),
                n.hasNonNull("error") ? n.get("error").asText() : null);
    }
}
