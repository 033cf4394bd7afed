package org.rtc4j.pc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.rtc4j.datachannel.DataChannel;
import org.rtc4j.datachannel.DataChannelInit;

/** The event loop's timers under a peer connection's traffic, and cancelled timers. */
class EventLoopTimerTest {
    @Test
    void aTransferLeavesNoPileOfCancelledTimers() throws Exception {
        // SCTP moves its deadline later on every SACK; re-arming the loop's timer each time would leave a
        // cancelled timer in the loop's queue per packet until its (later) due time.
        try (EventLoop loop = new EventLoop("timer-test");
             PcPair pair = new PcPair(RTCConfiguration.DEFAULT, RTCConfiguration.DEFAULT, PcPair.LOOPBACK.withLoop(loop))) {
            pair.b.onDataChannel(ch -> ch.onMessage(m -> ch.send(m.data())));
            DataChannel ch = pair.a.createDataChannel("bulk", DataChannelInit.DEFAULT);
            int messages = 400;
            AtomicInteger echoes = new AtomicInteger();
            CompletableFuture<Void> done = new CompletableFuture<>();
            byte[] data = new byte[16 * 1024];
            ch.onOpen(() -> {
                for (int i = 0; i < messages; i++) {
                    ch.send(data);
                }
            });
            ch.onMessage(m -> {
                if (echoes.incrementAndGet() == messages) {
                    done.complete(null);
                }
            });
            pair.negotiate(pair.a);
            done.get(30, TimeUnit.SECONDS);
            int queued = pair.a.onLoop(loop::queuedTimers);
            assertThat(queued).as("timers queued on the loop after %d echoed 16 KiB messages", messages)
                    .isLessThan(40);
        }
    }

    @Test
    void aCancelledTimerDoesNotRun() throws Exception {
        try (EventLoop loop = new EventLoop("cancel-test")) {
            AtomicInteger runs = new AtomicInteger();
            CompletableFuture<Void> later = new CompletableFuture<>();
            CompletableFuture<Void> scheduled = new CompletableFuture<>();
            loop.execute(() -> {
                EventLoop.Timer t = loop.schedule(loop.now().plusMillis(20), runs::incrementAndGet);
                t.cancel();
                loop.schedule(loop.now().plusMillis(40), () -> later.complete(null));
                scheduled.complete(null);
            });
            scheduled.get(5, TimeUnit.SECONDS);
            later.get(5, TimeUnit.SECONDS);
            assertThat(runs).hasValue(0);
        }
    }
}
