package dev.duo.testkit.junit.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duo.DuoClient;
import dev.duo.testkit.FakeModelClient;
import dev.duo.testkit.junit.DuoTest;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Three @DuoTest classes run concurrently by ExtensionBehaviourTest: each test scripts its own
 * answer, waits at a barrier until the other classes' tests are running too (so the overrides
 * really overlap), then calls the static DuoClient.forFeature and must get its own fake.
 */
public final class ParallelScenarios {

    /** Parties: one test of each class at a time. */
    public static volatile CyclicBarrier barrier = new CyclicBarrier(3);
    /** The threads the tests ran on. */
    public static final Set<String> THREADS = ConcurrentHashMap.newKeySet();

    private ParallelScenarios() {
    }

    static void exercise(FakeModelClient fake, String id) throws Exception {
        fake.whenFeature("generate_commit_message").thenAnswer("answer of " + id);
        THREADS.add(Thread.currentThread().getName());
        barrier.await(20, TimeUnit.SECONDS);
        String got = DuoClient.forFeature("generate_commit_message").generate(Map.of("diff", id)).text();
        assertThat(got).isEqualTo("answer of " + id);
        fake.assertCalled("generate_commit_message").assertUserMessageContains(id);
        assertThat(fake.requests()).hasSize(1);
    }

    /** First class. */
    @DuoTest
    @Execution(ExecutionMode.CONCURRENT)
    public static class A {
        @Test
        void one(FakeModelClient fake) throws Exception {
            exercise(fake, "A.one");
        }

        @Test
        void two(FakeModelClient fake) throws Exception {
            exercise(fake, "A.two");
        }
    }

    /** Second class. */
    @DuoTest
    @Execution(ExecutionMode.CONCURRENT)
    public static class B {
        @Test
        void one(FakeModelClient fake) throws Exception {
            exercise(fake, "B.one");
        }

        @Test
        void two(FakeModelClient fake) throws Exception {
            exercise(fake, "B.two");
        }
    }

    /** Third class. */
    @DuoTest
    @Execution(ExecutionMode.CONCURRENT)
    public static class C {
        @Test
        void one(FakeModelClient fake) throws Exception {
            exercise(fake, "C.one");
        }

        @Test
        void two(FakeModelClient fake) throws Exception {
            exercise(fake, "C.two");
        }
    }
}
