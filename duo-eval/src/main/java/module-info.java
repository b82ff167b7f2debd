/**
 * The evaluation harness: datasets, LLM judge, metrics, traffic lights, reports.
 *
 * <pre>{@code
 * module my.service {
 *     requires dev.duo.eval;
 * }
 * }</pre>
 */
module dev.duo.eval {
    requires transitive dev.duo.core;
    requires transitive org.opentest4j;

    exports dev.duo.eval;
}
