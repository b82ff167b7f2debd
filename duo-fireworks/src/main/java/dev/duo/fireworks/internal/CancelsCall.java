package dev.duo.fireworks.internal;

import okhttp3.Call;

/**
 * Cancels an OkHttp call when its attempt is cancelled. A class, not {@code call::cancel}: C2 made
 * that capturing method reference through the VM's slow allocation path on every call.
 *
 * <pre>{@code
 * attempt.onCancel(new CancelsCall(call));
 * }</pre>
 */
final class CancelsCall implements Runnable {
    private final Call call;

    CancelsCall(Call call) {
        this.call = call;
    }

    @Override
    public void run() {
        call.cancel();
    }
}
