package org.rtc4j.interop;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
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
 * <p>Nothing is downloaded: Selenium gets {@code /usr/bin/chromedriver} as the service's executable
 * (so Selenium Manager is never run) and {@code /usr/bin/chromium} as the browser binary. A missing
 * Chromium fails the test with the install hint, never skips it.
 *
 * <p>Chromium runs with a fresh profile in a temporary directory, deleted on {@link #close()}, which
 * also quits the browser, stops chromedriver and kills any process still running with that profile.
 * Chromium's own log (stderr, through chromedriver) goes to a file that {@link #diagnostics()} prints
 * the end of; {@code -Drtc4j.chromium.v=1} raises its verbosity ({@code --v}), and
 * {@code -Drtc4j.chromium.logDir=DIR} keeps each peer's whole log there after {@link #close()}.
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
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String INSTALL = "Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)";
    /** The longest a drain waits in the page for an event; also the longest a command waits for the driver. */
    static final int POLL_MILLIS = 50;
    private static final String PAGE = "chromium-peer.html";
    /**
     * Selenium warns on every start that it has no DevTools bindings for this Chromium version; the
     * peer does not use DevTools. Held here so that the setting is not collected with the logger.
     */
    private static final java.util.logging.Logger CDP_VERSION_LOG = quiet("org.openqa.selenium.devtools.CdpVersionFinder");

    private final Path profile;
    private final Path log;
    private final OutputStream logStream;
    private final ChromeDriverService service;
    private final ChromeDriver driver;
    /** Selenium's driver is not thread-safe: the poller and command senders take turns, fairly. */
    private final ReentrantLock driverLock = new ReentrantLock(true);
    private final PeerEvents events;
    private final Thread poller;
    private volatile boolean closing;

    private ChromiumPeer(Path profile, Path log, OutputStream logStream, ChromeDriverService service, ChromeDriver driver) {
        this.profile = profile;
        this.log = log;
        this.logStream = logStream;
        this.service = service;
        this.driver = driver;
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
        for (Path p : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(p)) {
                throw new AssertionError(p + " is not installed; run the README's test command (./test.sh), which installs " + INSTALL);
            }
        }
        Path profile = Files.createTempDirectory("rtc4j-chromium-");
        Path page = profile.resolve(PAGE);
        try (InputStream in = ChromiumPeer.class.getResourceAsStream(PAGE)) {
            if (in == null) {
                throw new AssertionError(PAGE + " is not on the test classpath next to " + ChromiumPeer.class.getName());
            }
            Files.copy(in, page);
        }
        Path userData = Files.createDirectory(profile.resolve("user-data"));
        Path log = profile.resolve("chromium.log");
        OutputStream logStream = new FileOutputStream(log.toFile());

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu",
                "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                "--disable-background-networking", "--no-first-run", "--no-default-browser-check",
                "--user-data-dir=" + userData,
                // Host candidates with IP addresses instead of random .local mDNS names (see the class comment).
                "--disable-features=WebRtcHideLocalIpsWithMdns",
                "--enable-logging=stderr", "--v=" + Integer.getInteger("rtc4j.chromium.v", 0));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogOutput(logStream)
                .build();
        ChromeDriver driver;
        try {
            driver = new ChromeDriver(service, options);
        } catch (WebDriverException e) {
            service.stop();
            logStream.close();
            String chromiumLog = tail(log, 40);
            deleteTree(profile);
            throw new AssertionError("Chromium did not start through " + CHROMEDRIVER + ": " + e.getMessage()
                    + "\nchromedriver/Chromium log:\n" + chromiumLog, e);
        }
        ChromiumPeer peer = new ChromiumPeer(profile, log, logStream, service, driver);
        try {
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
            driver.get(page.toUri().toString());
            peer.poller.start();
            JsonLine ready = peer.await(e -> e.isEvent("ready"), Duration.ofSeconds(20));
            LOG.debug("chromium ready: {}", ready);
        } catch (AssertionError | RuntimeException e) {
            peer.close();
            throw e;
        }
        return peer;
    }

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.SEVERE);
        return logger;
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
        return events.describe() + "chromium getStats: " + stats() + "\nchromium log (end):\n" + tail(log, 60);
    }

    private static String tail(Path file, int lines) {
        try (Stream<String> all = Files.lines(file)) {
            List<String> kept = new ArrayList<>();
            all.forEach(l -> {
                kept.add(l);
                if (kept.size() > lines) {
                    kept.remove(0);
                }
            });
            return String.join("\n", kept);
        } catch (IOException | java.io.UncheckedIOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
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
        try {
            driver.quit();
        } catch (WebDriverException e) {
            LOG.warn("chromium: quit failed", e);
        }
        service.stop();
        killLeftovers();
        try {
            logStream.close();
            String keep = System.getProperty("rtc4j.chromium.logDir");
            if (keep != null) {
                Path dir = Files.createDirectories(Path.of(keep));
                Files.copy(log, dir.resolve(profile.getFileName() + ".log"));
            }
        } catch (IOException e) {
            LOG.warn("chromium: closing or keeping the log failed", e);
        }
        deleteTree(profile);
    }

    /** The temporary directory with the page, the profile and the log; deleted by {@link #close()}. */
    Path directory() {
        return profile;
    }

    /** The live processes whose command line names this peer's directory: the browser's, while it runs. */
    List<ProcessHandle> processes() {
        String marker = profile.toString();
        return ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().arguments().map(args -> Stream.of(args).anyMatch(a -> a.contains(marker))).orElse(false))
                .toList();
    }

    /** Kills, by process id, any process whose command line names this peer's directory (a browser quit left behind). */
    private void killLeftovers() throws InterruptedException {
        List<ProcessHandle> left = processes();
        for (ProcessHandle p : left) {
            LOG.warn("chromium: process {} still runs after quit; killing it", p.pid());
            p.destroyForcibly();
        }
        for (ProcessHandle p : left) {
            try {
                p.onExit().get(5, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                LOG.warn("chromium: process {} did not exit", p.pid());
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            LOG.debug("cannot delete {}", dir, e);
        }
    }

    @Override
    public String toString() {
        return "ChromiumPeer[" + profile + "]";
    }
}
