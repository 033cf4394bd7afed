package org.rtc4j.interop;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WebRTC peer in a headless Chromium (Debian's {@code chromium}, driven through its
 * {@code chromedriver} by Selenium), with the command and event vocabulary of {@link RemotePeer}: the
 * page {@code chromium-peer.html} holds one {@code RTCPeerConnection} that echoes every data-channel
 * message, takes commands through {@code executeScript} and queues its events in JavaScript, which a
 * background thread drains with a long poll ({@code executeAsyncScript} that returns as soon as an
 * event is queued, or after {@link #POLL_MILLIS} with none) into the same {@link PeerEvents} a
 * {@link NodePeer} fills. A command waits at most one poll for the driver.
 *
 * <p>Chromium is started by {@link ChromiumBrowser} (Debian's binaries, nothing downloaded, a fresh
 * profile deleted on {@link #close()}, every process it started ended); the peer page is copied into
 * the browser's temporary directory and opened from there.
 *
 * <p>Candidates (checked with Chromium 156 on this machine): Chromium replaces its host addresses with
 * random {@code <uuid>.local} mDNS names unless told otherwise. The JVM's ICE agent resolves
 * {@code .local} through mDNS, which need not work in a sandbox, so the browser is started with
 * {@code --disable-features=WebRtcHideLocalIpsWithMdns}, which alone makes it signal IP addresses
 * (adapter unknown, {@code network-cost 999}); {@code --use-fake-ui-for-media-stream} grants the page
 * media permission, which also lifts the hiding and lets Chromium enumerate its interfaces (ethernet,
 * {@code network-id}). Without both, candidates are {@code .local} names, and ICE still connects, through
 * the peer-reflexive candidate our agent learns from Chromium's checks. Chromium never gathers on
 * loopback (its network manager ignores loopback adapters, and no switch changes that), so its candidates
 * are on the machine's other addresses (here 192.0.2.2 and fd00::2); the JVM's stay on 127.0.0.1, and
 * Chromium's checks from its address to 127.0.0.1 and our answers stay inside the host. A machine with
 * no interface but loopback gives Chromium no candidate at all.
 */
final class ChromiumPeer implements RemotePeer {
    private static final Logger LOG = LoggerFactory.getLogger(ChromiumPeer.class);
    /** The longest a drain waits in the page for an event; also the longest a command waits for the driver. */
    static final int POLL_MILLIS = 50;
    private static final String PAGE = "chromium-peer.html";
    private final ChromiumBrowser browser;
    private final ChromeDriver driver;
    /** Selenium's driver is not thread-safe: the poller and command senders take turns, fairly. */
    private final ReentrantLock driverLock = new ReentrantLock(true);
    private final PeerEvents events;
    private final Thread poller;
    private volatile boolean closing;

    private ChromiumPeer(ChromiumBrowser browser) {
        this.browser = browser;
        this.driver = browser.driver();
        this.events = new PeerEvents("chromium", this::diagnostics);
        this.poller = new Thread(this::pollEvents, "chromium-events");
        this.poller.setDaemon(true);
    }

    /**
     * Starts Chromium on the peer page and waits for its {@code ready} event.
     *
     * @throws AssertionError if Chromium or chromedriver is missing or the page does not come up
     */
    static ChromiumPeer start() throws IOException, InterruptedException {
        return start(null);
    }

    /** Starts Chromium on the peer page with ICE settings ({@code iceJson}, as {@code peer.js} takes them), or none when null. */
    static ChromiumPeer start(String iceJson) throws IOException, InterruptedException {
        ChromiumBrowser browser = ChromiumBrowser.start();
        ChromiumPeer peer = new ChromiumPeer(browser);
        try {
            Path page = browser.directory().resolve(PAGE);
            try (InputStream in = ChromiumPeer.class.getResourceAsStream(PAGE)) {
                if (in == null) {
                    throw new AssertionError(PAGE + " is not on the test classpath next to " + ChromiumPeer.class.getName());
                }
                Files.copy(in, page);
            }
            String fragment = iceJson == null ? "" : "#" + java.net.URLEncoder.encode(iceJson, java.nio.charset.StandardCharsets.UTF_8)
                    .replace("+", "%20");
            peer.driver.get(page.toUri() + fragment);
            peer.poller.start();
            JsonLine ready = peer.await(e -> e.isEvent("ready"), Duration.ofSeconds(20));
            LOG.debug("chromium ready: {}", ready);
        } catch (AssertionError | RuntimeException | IOException e) {
            peer.close();
            throw e;
        }
        return peer;
    }

    @Override
    public String name() {
        return "chromium";
    }

    /**
     * The browser's full version as it told chromedriver ({@code 156.0.8078.108}); the user agent in
     * {@link #version()} names only the major version ({@code Chrome/156.0.0.0}, user-agent reduction).
     */
    String browserVersion() {
        return driver.getCapabilities().getBrowserVersion();
    }

    @Override
    public void command(String cmd, Object... namesAndValues) {
        Object[] all = new Object[namesAndValues.length + 2];
        all[0] = "cmd";
        all[1] = cmd;
        System.arraycopy(namesAndValues, 0, all, 2, namesAndValues.length);
        JsonLine command = JsonLine.of(all);
        LOG.debug("-> chromium {}", command);
        driverLock.lock();
        try {
            driver.executeScript("window.__command(arguments[0]);", command.encode());
        } catch (WebDriverException e) {
            throw new AssertionError("cannot send " + cmd + " to Chromium: " + e.getMessage() + "\n" + diagnostics(), e);
        } finally {
            driverLock.unlock();
        }
    }

    /** Drains the page's event queue until closed; each drain waits in the page up to {@link #POLL_MILLIS}. */
    private void pollEvents() {
        try {
            while (!closing) {
                List<?> batch;
                driverLock.lock();
                try {
                    if (closing) {
                        break;
                    }
                    batch = (List<?>) driver.executeAsyncScript(
                            "window.__drain(arguments[0], arguments[arguments.length - 1]);", POLL_MILLIS);
                } finally {
                    driverLock.unlock();
                }
                for (Object line : batch) {
                    JsonLine event;
                    try {
                        event = JsonLine.parse(String.valueOf(line));
                    } catch (IllegalArgumentException e) {
                        LOG.warn("chromium: not an event: {} ({})", line, e.getMessage());
                        continue;
                    }
                    LOG.debug("<- chromium {}", event);
                    if (!events.add(event)) {
                        return;
                    }
                }
            }
        } catch (WebDriverException | ClassCastException e) {
            if (!closing) {
                LOG.warn("chromium: draining events failed", e);
                events.end("draining events failed: " + e.getMessage().lines().findFirst().orElse(""));
            }
        } finally {
            events.end("closed");
        }
    }

    @Override
    public void forEachEvent(Consumer<JsonLine> listener) {
        events.forEachEvent(listener);
    }

    @Override
    public List<JsonLine> events() {
        return events.events();
    }

    @Override
    public JsonLine await(Predicate<JsonLine> condition, Duration timeout) throws InterruptedException {
        return events.await(condition, timeout);
    }

    @Override
    public void awaitCount(Predicate<JsonLine> condition, int count, Duration timeout) throws InterruptedException {
        events.awaitCount(condition, count, timeout);
    }

    /**
     * The page's {@code pc.getStats()} as a JSON array (what chrome://webrtc-internals would show), or
     * why it could not be had.
     */
    String stats() {
        if (closing) {
            return "(closed)";
        }
        if (!tryLock()) {
            return "(the driver is busy)";
        }
        try {
            return String.valueOf(driver.executeAsyncScript("window.__stats(arguments[arguments.length - 1]);"));
        } catch (WebDriverException e) {
            return "(getStats failed: " + e.getMessage().lines().findFirst().orElse("") + ")";
        } finally {
            driverLock.unlock();
        }
    }

    private boolean tryLock() {
        try {
            return driverLock.tryLock(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The events, {@code getStats()} and the end of Chromium's log. */
    @Override
    public String diagnostics() {
        return events.describe() + "chromium getStats: " + stats() + "\nchromium log (end):\n" + browser.logTail(60);
    }

    /**
     * Closes the peer connection, quits Chromium, stops chromedriver, kills whatever still runs with this
     * peer's profile and deletes the profile.
     */
    @Override
    public void close() throws InterruptedException {
        if (closing) {
            return;
        }
        try {
            command("close");
        } catch (AssertionError e) {
            LOG.debug("chromium: close command failed", e);
        }
        closing = true;
        poller.join(TimeUnit.SECONDS.toMillis(5));
        browser.close();
    }

    /** The temporary directory with the page, the profile and the log; deleted by {@link #close()}. */
    Path directory() {
        return browser.directory();
    }

    /** The live processes whose command line names this peer's directory: the browser's, while it runs. */
    List<ProcessHandle> processes() {
        return browser.processes();
    }

    @Override
    public String toString() {
        return "ChromiumPeer[" + browser.directory() + "]";
    }
}
