package org.rtc4j.interop;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One headless Debian {@code chromium}, driven through Debian's {@code chromedriver} by Selenium, in a
 * fresh temporary directory (profile, log) that {@link #close()} deletes after quitting the browser,
 * stopping chromedriver and killing, by process id, anything still running with that directory.
 *
 * <p>Nothing is downloaded: Selenium gets {@code /usr/bin/chromedriver} as the service's executable
 * (so Selenium Manager is never run) and {@code /usr/bin/chromium} as the browser binary. A missing
 * Chromium fails the test with the install hint, never skips it.
 *
 * <p>Flags: headless, no sandbox, no GPU, fake camera and microphone with the permission prompt granted
 * ({@code --use-fake-ui-for-media-stream}, which also lets Chromium put IP addresses rather than
 * {@code .local} names in its host candidates, as does
 * {@code --disable-features=WebRtcHideLocalIpsWithMdns}), no background networking, no first-run UI.
 * Chromium's log (stderr, through chromedriver) goes to a file that {@link #logTail} reads;
 * {@code -Drtc4j.chromium.v=1} raises its verbosity, {@code -Drtc4j.chromium.logDir=DIR} keeps it.
 */
final class ChromiumBrowser implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChromiumBrowser.class);
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String INSTALL = "Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)";
    /**
     * Selenium warns on every start that it has no DevTools bindings for this Chromium version; nothing
     * here uses DevTools. Held here so that the setting is not collected with the logger.
     */
    private static final java.util.logging.Logger CDP_VERSION_LOG = quiet("org.openqa.selenium.devtools.CdpVersionFinder");

    private final Path directory;
    private final Path log;
    private final OutputStream logStream;
    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private boolean closed;

    private ChromiumBrowser(Path directory, Path log, OutputStream logStream, ChromeDriverService service, ChromeDriver driver) {
        this.directory = directory;
        this.log = log;
        this.logStream = logStream;
        this.service = service;
        this.driver = driver;
    }

    /**
     * Starts Chromium on {@code about:blank} with the flags of the class comment and {@code extraArgs}.
     *
     * @throws AssertionError if Chromium or chromedriver is missing or does not start
     */
    static ChromiumBrowser start(String... extraArgs) throws IOException {
        for (Path p : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(p)) {
                throw new AssertionError(p + " is not installed; run the README's test command (./test.sh), which installs " + INSTALL);
            }
        }
        Path directory = Files.createTempDirectory("rtc4j-chromium-");
        Path userData = Files.createDirectory(directory.resolve("user-data"));
        Path log = directory.resolve("chromium.log");
        OutputStream logStream = new FileOutputStream(log.toFile());

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu",
                "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                "--disable-background-networking", "--no-first-run", "--no-default-browser-check",
                "--user-data-dir=" + userData,
                "--disable-features=WebRtcHideLocalIpsWithMdns",
                "--enable-logging=stderr", "--v=" + Integer.getInteger("rtc4j.chromium.v", 0));
        options.addArguments(extraArgs);
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
            deleteTree(directory);
            throw new AssertionError("Chromium did not start through " + CHROMEDRIVER + ": " + e.getMessage()
                    + "\nchromedriver/Chromium log:\n" + chromiumLog, e);
        }
        ChromiumBrowser browser = new ChromiumBrowser(directory, log, logStream, service, driver);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
        return browser;
    }

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.SEVERE);
        return logger;
    }

    /** Selenium's driver (not thread-safe). */
    ChromeDriver driver() {
        return driver;
    }

    /** The temporary directory with the profile and the log; deleted by {@link #close()}. */
    Path directory() {
        return directory;
    }

    /** The last lines of Chromium's and chromedriver's log. */
    String logTail(int lines) {
        return tail(log, lines);
    }

    /** The live processes whose command line names this browser's directory: the browser's, while it runs. */
    List<ProcessHandle> processes() {
        String marker = directory.toString();
        return ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().arguments().map(args -> Stream.of(args).anyMatch(a -> a.contains(marker))).orElse(false))
                .toList();
    }

    /** Quits Chromium, stops chromedriver, kills leftovers by process id, keeps the log if asked, deletes the directory. */
    @Override
    public void close() throws InterruptedException {
        if (closed) {
            return;
        }
        closed = true;
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
                Files.copy(log, dir.resolve(directory.getFileName() + ".log"));
            }
        } catch (IOException e) {
            LOG.warn("chromium: closing or keeping the log failed", e);
        }
        deleteTree(directory);
    }

    private void killLeftovers() throws InterruptedException {
        List<ProcessHandle> left = processes();
        for (ProcessHandle p : left) {
            LOG.warn("chromium: process {} still runs after quit; killing it", p.pid());
            p.destroyForcibly();
        }
        for (ProcessHandle p : left) {
            try {
                p.onExit().get(5, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn("chromium: process {} did not exit", p.pid());
            }
        }
    }

    static String tail(Path file, int lines) {
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

    private static void deleteTree(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            LOG.debug("cannot delete {}", dir, e);
        }
    }

    @Override
    public String toString() {
        return "ChromiumBrowser[" + directory + "]";
    }
}
