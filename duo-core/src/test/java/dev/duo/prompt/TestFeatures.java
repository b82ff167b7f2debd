package dev.duo.prompt;

import static dev.duo.model.ModelFamily.*;

import dev.duo.feature.Feature;
import dev.duo.feature.FeatureInput;
import dev.duo.feature.InputKind;
import dev.duo.feature.ReleaseState;
import dev.duo.model.ModelFamily;
import java.util.ArrayList;
import java.util.List;

/** The 16 features as the feature metadata declares them, built by hand for prompt tests. */
final class TestFeatures {

    static final List<ModelFamily> F10 = List.of(CODEGEMMA, CODELLAMA, CODESTRAL, DEEPSEEKCODER, MISTRAL, MIXTRAL,
            LLAMA3, CLAUDE_3, GPT, GENERAL);
    static final List<ModelFamily> F7 = List.of(MISTRAL, MIXTRAL, CODESTRAL, CLAUDE_3, GPT, LLAMA3, GENERAL);
    static final List<ModelFamily> F6 = List.of(MISTRAL, MIXTRAL, CLAUDE_3, GPT, LLAMA3, GENERAL);

    static final Feature CODE_GENERATIONS = feature("code_generations", "code_suggestions/generations", F10,
            req("user_instruction"), opt("file_name"), opt("language"), opt("trimmed_content_above_cursor"),
            opt("trimmed_content_below_cursor"), list("related_files"), list("related_snippets"), list("libraries"));
    static final Feature CODE_COMPLETIONS = feature("code_completions", "code_suggestions/completions", F10,
            req("prefix"), opt("suffix"), opt("file_name"), opt("language"));
    static final Feature DUO_CHAT = feature("duo_chat", "chat/react", F7,
            new FeatureInput("messages", true, InputKind.CONVERSATION));
    static final Feature EXPLAIN_CODE = codeTask("duo_chat_explain_code", "chat/explain_code");
    static final Feature WRITE_TESTS = codeTask("duo_chat_write_tests", "chat/write_tests");
    static final Feature REFACTOR_CODE = codeTask("duo_chat_refactor_code", "chat/refactor_code");
    static final Feature FIX_CODE = codeTask("duo_chat_fix_code", "chat/fix_code");
    static final Feature TROUBLESHOOT_JOB = feature("duo_chat_troubleshoot_job", "chat/troubleshoot_job", F6,
            req("job_log"), opt("job_name"), opt("input"));
    static final Feature COMMIT_MESSAGE = feature("generate_commit_message", "generate_commit_message", F6,
            req("diff"), opt("input"));
    static final Feature SUMMARIZE_NEW_MR = feature("summarize_new_merge_request", "summarize_new_merge_request", F6,
            req("diff"), opt("title"), opt("description"));
    static final Feature SUMMARIZE_REVIEW = feature("summarize_review", "summarize_review", F6,
            req("review_comments"));
    static final Feature REVIEW_MR = feature("review_merge_request", "review_merge_request", F6,
            req("diff"), opt("title"), opt("description"), opt("file_name"));
    static final Feature SUMMARIZE_COMMENTS = feature("duo_chat_summarize_comments", "chat/summarize_comments", F6,
            req("comments"));
    static final Feature EXPLAIN_VULNERABILITY = feature("duo_chat_explain_vulnerability",
            "chat/explain_vulnerability", F6, req("vulnerability"), opt("selected_text"), opt("file_name"),
            opt("language"));
    static final Feature RESOLVE_VULNERABILITY = feature("resolve_vulnerability", "resolve_vulnerability", F6,
            req("vulnerability"), req("selected_text"), opt("file_name"), opt("language"));
    static final Feature GLAB_ASK = feature("glab_ask_git_command", "glab_ask_git_command", F6, req("input"));

    static final List<Feature> ALL = List.of(CODE_GENERATIONS, CODE_COMPLETIONS, DUO_CHAT, EXPLAIN_CODE, WRITE_TESTS,
            REFACTOR_CODE, FIX_CODE, TROUBLESHOOT_JOB, COMMIT_MESSAGE, SUMMARIZE_NEW_MR, SUMMARIZE_REVIEW, REVIEW_MR,
            SUMMARIZE_COMMENTS, EXPLAIN_VULNERABILITY, RESOLVE_VULNERABILITY, GLAB_ASK);

    private TestFeatures() {
    }

    static Feature feature(String key, String promptId, List<ModelFamily> families, FeatureInput... inputs) {
        return new Feature(key, key, ReleaseState.GA, "test", families, List.of(key), List.of(), promptId, "^1.0.0",
                List.of(inputs));
    }

    private static Feature codeTask(String key, String promptId) {
        return feature(key, promptId, F7, req("selected_text"), opt("file_content"), opt("input"), opt("file_name"),
                opt("language"));
    }

    static FeatureInput req(String name) {
        return new FeatureInput(name, true, InputKind.TEXT);
    }

    static FeatureInput opt(String name) {
        return new FeatureInput(name, false, InputKind.TEXT);
    }

    static FeatureInput list(String name) {
        return new FeatureInput(name, false, InputKind.LIST);
    }

    static List<FeatureInput> with(List<FeatureInput> inputs, FeatureInput more) {
        List<FeatureInput> out = new ArrayList<>(inputs);
        out.add(more);
        return out;
    }
}
