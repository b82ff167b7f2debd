package dev.duo.testkit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.duo.Completion;
import dev.duo.DuoException;
import dev.duo.InvalidInputException;
import dev.duo.Message;
import dev.duo.StreamHandle;
import dev.duo.StreamListener;
import dev.duo.call.CallEvent;
import dev.duo.call.CallInterceptor;
import dev.duo.call.CallListener;
import dev.duo.call.RetryPolicy;
import dev.duo.testkit.FakeModelClient;
import dev.duo.testkit.FaultPlan;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ListenersAndInterceptorsTest {

    @Test
    void aStreamListenerThatThrowsStillGetsOneTerminalAndTheErrorIsLogged() {
        Fixture fx = new Fixture(FaultPlan.none());
        fx.fake.enqueue(FakeModelClient.Answer.text("x").chunks("a", "b"));
        List<String> seen = new CopyOnWriteArrayList<>();
        try (LogCapture logs = new LogCapture()) {
            StreamHandle h = fx.pipeline.stream(Fixture.ctx().build(), fx.fake, Fixture.REQUEST, new StreamListener() {
                @Override
                public void onChunk(String text) {
                    seen.add(text);
                    throw new IllegalStateException("boom in onChunk");
                }

                @Override
                public void onComplete(Completion completion) {
                    seen.add("complete");
                    throw new IllegalStateException("boom in onComplete");
                }

                @Override
                public void onError(DuoException error) {
                    seen.add("error");
                }
            });
            fx.vt.runAll();

            assertThat(seen).containsExactly("a", "b", "complete");
            assertThat(h.isDone()).isTrue();
            assertThat(logs.events()).filteredOn(e -> e.getLevel() == Level.WARN)
                    .extracting(e -> e.getFormattedMessage())
                    .contains("A stream listener threw java.lang.IllegalStateException while receiving a chunk; the call goes on",
                            "A stream listener threw java.lang.IllegalStateException while receiving the end of the call; the call goes on");
        }
    }

    @Test
    void aCallListenerThatThrowsIsLoggedAndTheOthersStillHear() {
        List<String> heard = new CopyOnWriteArrayList<>();
        CallListener broken = new CallListener() {
            @Override
            public void onRequest(CallEvent event) {
                throw new IllegalStateException("metrics down");
            }

            @Override
            public void onResponse(CallEvent event) {
                throw new IllegalStateException("metrics down");
            }
        };
        CallListener good = new CallListener() {
            @Override
            public void onResponse(CallEvent event) {
                heard.add(event.completion().orElseThrow().text());
            }
        };
        Fixture fx = new Fixture(FaultPlan.none(), RetryPolicy.DEFAULTS, b -> b.listeners(List.of(broken, good)));
        try (LogCapture logs = new LogCapture()) {
            Completion c = fx.async(Fixture.ctx().build(), Fixture.REQUEST).join();

            assertThat(c.text()).isEqualTo("ok");
            assertThat(heard).containsExactly("ok");
            assertThat(logs.all()).contains("threw java.lang.IllegalStateException; the call goes on");
        }
    }

    @Test
    void userInterceptorsSeeAndChangeTheRequestOncePerCall() {
        List<String> seen = new CopyOnWriteArrayList<>();
        CallInterceptor addUser = (chain, listener) -> {
            seen.add(chain.context().feature().orElseThrow() + " streaming=" + chain.streaming());
            var messages = new java.util.ArrayList<>(chain.request().messages());
            messages.add(Message.user("and tests"));
            return chain.proceed(chain.request().toBuilder().messages(messages).build(), listener);
        };
        Fixture fx = new Fixture(FaultPlan.builder().next(dev.duo.testkit.Fault.status(503)).build(),
                RetryPolicy.DEFAULTS, b -> b.interceptors(List.of(addUser)));

        fx.async(Fixture.ctx().build(), Fixture.REQUEST).join();

        assertThat(seen).containsExactly("code_generations streaming=false");
        assertThat(fx.fake.requests()).hasSize(2)
                .allSatisfy(r -> assertThat(r.messages()).last().isEqualTo(Message.user("and tests")));
    }

    @Test
    void anInterceptorMayAnswerWithoutCallingTheModel() {
        CallInterceptor cache = (chain, listener) -> {
            listener.onChunk("cached");
            listener.onComplete(Completion.builder().text("cached").build());
            return new StreamHandle() {
                @Override
                public void cancel() {
                }

                @Override
                public boolean isDone() {
                    return true;
                }
            };
        };
        Fixture fx = new Fixture(FaultPlan.none(), RetryPolicy.DEFAULTS, b -> b.interceptors(List.of(cache)));

        Fixture.Recorder r = fx.streamToEnd(Fixture.ctx().build(), Fixture.REQUEST);

        assertThat(r.chunks).containsExactly("cached");
        assertThat(fx.fake.requests()).isEmpty();
        assertThat(fx.vt.pendingTimers()).isZero();
    }

    @Test
    void anInterceptorThatThrowsEndsTheCallWithItsError() {
        CallInterceptor strict = (chain, listener) -> {
            throw new InvalidInputException("the input 'prefix' is required");
        };
        CallInterceptor buggy = (chain, listener) -> {
            throw new NullPointerException("oops");
        };
        Fixture fx = new Fixture(FaultPlan.none(), RetryPolicy.DEFAULTS, b -> b.interceptors(List.of(strict)));
        DuoException e = fx.failure(fx.async(Fixture.ctx().build(), Fixture.REQUEST));
        assertThat(e).isInstanceOf(InvalidInputException.class).hasMessage("the input 'prefix' is required");

        Fixture fx2 = new Fixture(FaultPlan.none(), RetryPolicy.DEFAULTS, b -> b.interceptors(List.of(buggy)));
        Fixture.Recorder r = fx2.streamToEnd(Fixture.ctx().build(), Fixture.REQUEST);
        assertThat((DuoException) r.terminal()).hasMessageContaining("failed with java.lang.NullPointerException");
        assertThat(fx2.fake.requests()).isEmpty();
        assertThat(fx2.vt.pendingTimers()).isZero();
    }
}
